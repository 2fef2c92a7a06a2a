package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitSettings;

/**
 * A unit's own SMTP settings as the API shows them; {@code null} = not set here (inherited). The password is
 * write-only (DESIGN §2): only whether one is stored is shown.
 *
 * @param secureSocketOptions {@code null} when the unit has no connection of its own
 */
record OwnSettingsJson(String serverAddress, Integer port, String login, boolean passwordSet,
                       String secureSocketOptions, String outgoingEmailAddress) {

    static OwnSettingsJson of(UnitSettings settings) {
        SmtpConnection c = settings.connection();
        String sender = settings.ownOutgoingEmailAddress().map(EmailAddress::value).orElse(null);
        if (c == null) {
            return new OwnSettingsJson(null, null, null, false, null, sender);
        }
        return new OwnSettingsJson(c.serverAddress().value(), c.explicitPort().map(p -> p.value()).orElse(null),
                c.login(), c.password() != null, c.secureSocketOptions().name(), sender);
    }
}
