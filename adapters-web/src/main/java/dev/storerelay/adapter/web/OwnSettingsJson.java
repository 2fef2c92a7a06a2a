package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitSettings;

/**
 * A unit's own SMTP settings as the API shows them; {@code null} = not set here (inherited). The password and the
 * OAuth 2.0 secrets are write-only (README, *Security*): only whether one is stored is shown.
 *
 * @param secureSocketOptions {@code null} when the unit has no connection of its own
 * @param authentication      {@code PASSWORD} or {@code OAUTH2}; {@code null} when the unit has no connection of its own
 * @param oauth2              {@code null} unless the authentication is {@code OAUTH2}
 * @param trust               the unit's own trust in server certificates; {@code null} when it has no connection
 */
record OwnSettingsJson(String serverAddress, Integer port, String login, boolean passwordSet,
                       String secureSocketOptions, String outgoingEmailAddress, String authentication,
                       OAuth2Json oauth2, OAuth2Json.TrustJson trust) {

    static OwnSettingsJson of(UnitSettings settings) {
        SmtpConnection c = settings.connection();
        String sender = settings.ownOutgoingEmailAddress().map(EmailAddress::value).orElse(null);
        if (c == null) {
            return new OwnSettingsJson(null, null, null, false, null, sender, null, null, null);
        }
        return new OwnSettingsJson(c.serverAddress().value(), c.explicitPort().map(p -> p.value()).orElse(null),
                c.login(), c.password() != null, c.secureSocketOptions().name(), sender, c.authentication().name(),
                OAuth2Json.of(c.oauth2()), OAuth2Json.TrustJson.of(c.trust()));
    }
}
