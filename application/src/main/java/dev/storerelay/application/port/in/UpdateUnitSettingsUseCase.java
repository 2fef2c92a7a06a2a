package dev.storerelay.application.port.in;

import dev.storerelay.application.port.Outcome;
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

    /** Removes the unit's own settings: it inherits everything again. {@code NotFound} if the unit is unknown. */
    Outcome clearSettings(UnitId unit);
}
