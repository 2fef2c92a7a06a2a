package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EffectiveSettings;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.Sourced;

/** The "Effective settings" summary: what the unit really sends with after inheritance, and where from. */
final class EffectiveSettingsView {
    private EffectiveSettingsView() {
    }

    static Html summary(ResolvedSettings resolved) {
        EffectiveSettings settings = resolved.settings();
        Html h = new Html().open("section", "aria-labelledby", "effective-heading", "class", "effective")
                .el("h2", "Effective settings", "id", "effective-heading").open("dl");
        Sourced<SmtpConnection> connection = settings.effectiveConnection().orElse(null);
        ConnectionPlan plan = resolved.connectionPlan().orElse(null);
        if (connection == null || plan == null) {
            h.el("dt", "Server").el("dd", "None: no unit on the way to the company defines an SMTP server, so mail of "
                    + "this unit is held until one is set.");
        } else {
            SmtpConnection c = connection.value();
            h.el("dt", "Server").el("dd", plan.host().value() + ":" + plan.port()
                    + (c.explicitPort().isEmpty() ? " (the default port of the encryption)" : ""));
            h.el("dt", "Encryption").el("dd", SmtpSettingsHelp.OPTION_NAMES.get(c.secureSocketOptions()) + " — "
                    + plan.tls().description());
            h.el("dt", "Login").el("dd", login(c));
            h.el("dt", "Connection from").el("dd", SettingsSources.describe(settings.store(), connection.source()));
        }
        h.el("dt", "Sender").el("dd", settings.outgoingEmailAddress().value().value() + " — "
                + SettingsSources.describe(settings.store(), settings.outgoingEmailAddress().source()));
        return h.close("dl").close("section");
    }

    private static String login(SmtpConnection c) {
        if (c.login() == null) {
            return "none (no authentication)";
        }
        OAuth2Settings o = c.oauth2();
        return o == null ? c.login() + " (password set)"
                : c.login() + " (OAuth 2.0: " + OAuth2SettingsHelp.PROVIDER_NAMES.get(o.provider()) + ", "
                + OAuth2SettingsHelp.GRANT_NAMES.get(o.grant()) + ")";
    }
}
