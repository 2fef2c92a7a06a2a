package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EffectiveSettings;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.Sourced;
import gg.jte.Content;

/**
 * The "Effective settings" summary ({@code effectiveSettings.jte}): what the unit really sends with after inheritance,
 * and where from.
 */
final class EffectiveSettingsView {
    private EffectiveSettingsView() {
    }

    /** What {@code effectiveSettings.jte} shows; {@code server} and the connection's lines {@code null} without one. */
    record Summary(String server, String encryption, String login, String connectionFrom, String sender) {
    }

    static Content summary(ResolvedSettings resolved) {
        EffectiveSettings settings = resolved.settings();
        Sourced<SmtpConnection> connection = settings.effectiveConnection().orElse(null);
        ConnectionPlan plan = resolved.connectionPlan().orElse(null);
        String sender = settings.outgoingEmailAddress().value().value() + " — "
                + SettingsSources.describe(settings.store(), settings.outgoingEmailAddress().source());
        Summary summary;
        if (connection == null || plan == null) {
            summary = new Summary(null, null, null, null, sender);
        } else {
            SmtpConnection c = connection.value();
            summary = new Summary(plan.host().value() + ":" + plan.port()
                    + (c.explicitPort().isEmpty() ? " (the default port of the encryption)" : ""),
                    SmtpSettingsHelp.OPTION_NAMES.get(c.secureSocketOptions()) + " — " + plan.tls().description(),
                    login(c), SettingsSources.describe(settings.store(), connection.source()), sender);
        }
        return Templates.content("effectiveSettings.jte", Templates.params("summary", summary));
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
