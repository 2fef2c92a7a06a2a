package dev.storerelay.adapter.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EffectiveSettings;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.TlsBehaviour;

/**
 * What a store really sends with, where each part came from, and what the connection concretely does about TLS,
 * so the admin page can say "inherited from Region North" and "STARTTLS if the server offers it".
 *
 * @param connection {@code null} when no unit on the path defines a server: the store cannot send
 */
record EffectiveSettingsJson(String unitId, boolean canSend, ConnectionJson connection, SenderJson outgoingEmailAddress) {

    static EffectiveSettingsJson of(ResolvedSettings resolved) {
        EffectiveSettings settings = resolved.settings();
        ConnectionJson connection = settings.effectiveConnection()
                .flatMap(c -> resolved.connectionPlan().map(plan -> ConnectionJson.of(c, plan)))
                .orElse(null);
        Sourced<EmailAddress> sender = settings.outgoingEmailAddress();
        return new EffectiveSettingsJson(settings.store().value(), settings.canSend(), connection,
                new SenderJson(sender.value().value(), SourceJson.of(sender.source())));
    }

    /**
     * The connection block, inherited whole.
     *
     * @param port          the port really used
     * @param portIsDefault the port field is empty: {@code port} is the conventional one of the encryption
     */
    record ConnectionJson(String serverAddress, int port, boolean portIsDefault, String login, boolean passwordSet,
                          String secureSocketOptions, TlsJson tls, String authentication, OAuth2Json oauth2,
                          OAuth2Json.TrustJson trust, SourceJson source) {
        static ConnectionJson of(Sourced<SmtpConnection> sourced, ConnectionPlan plan) {
            SmtpConnection c = sourced.value();
            return new ConnectionJson(c.serverAddress().value(), plan.port(), c.explicitPort().isEmpty(), c.login(),
                    c.password() != null, c.secureSocketOptions().name(), TlsJson.of(plan.tls()), c.authentication().name(),
                    OAuth2Json.of(c.oauth2()), OAuth2Json.TrustJson.of(c.trust()), SourceJson.of(sourced.source()));
        }
    }

    /** The concrete TLS behaviour after {@code AUTO} and the default port are resolved. */
    record TlsJson(String behaviour, String description) {
        static TlsJson of(TlsBehaviour tls) {
            return new TlsJson(tls.name(), tls.description());
        }
    }

    record SenderJson(String value, SourceJson source) {
    }

    /** Either {@code {unitId, unitName}} or {@code {systemDefault: true}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SourceJson(String unitId, String unitName, Boolean systemDefault) {
        static SourceJson of(Provenance provenance) {
            if (provenance instanceof Provenance.FromUnit unit) {
                return new SourceJson(unit.unitId().value(), unit.unitName(), null);
            }
            return new SourceJson(null, null, Boolean.TRUE);
        }
    }
}
