package dev.storerelay.application.port.in;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SmtpSettingsForm;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;

import java.util.Optional;

/** Read and change a unit's own SMTP settings. */
public interface UpdateUnitSettingsUseCase {

    /** The unit's own settings (password included: callers must not expose it); empty if the unit is unknown. */
    Optional<UnitSettings> ownSettings(UnitId unit);

    /** Replaces the unit's own settings with the form. {@code NotFound} or {@code Invalid} with field errors. */
    Outcome updateSettings(UnitId unit, SmtpSettingsForm form);

    /**
     * Stores a refresh token an admin obtained by signing in at the provider as the refresh token of the unit's own
     * OAuth 2.0 settings, provided they are still the settings the sign-in was made with (apart from the refresh token):
     * a token issued to another client, or for settings an admin has changed meanwhile, is not stored. Audited as a
     * change by {@code byUser}, naming the account; the unit's waiting mail is tried again at once, as after any save.
     *
     * @param account the account the provider said signed in; {@code null} when it did not say
     * @return {@code Done}; {@code NotFound} for an unknown unit; {@code Conflict} when the unit's own OAuth 2.0 settings
     *         are gone or differ from {@code signedInWith}
     */
    Outcome storeRefreshToken(UnitId unit, OAuth2Settings signedInWith, Secret refreshToken, String account, String byUser);

    /** Removes the unit's own settings: it inherits everything again. {@code NotFound} if the unit is unknown. */
    Outcome clearSettings(UnitId unit);
}
