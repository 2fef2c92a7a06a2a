package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UnitId;

/**
 * The five secure socket options as MailKit defines them, made concrete. An empty port means the conventional
 * port of the choice: 465 for SSL on connect, otherwise 25 (MailKit's {@code SmtpClient.Connect} rule). AUTO is
 * implicit TLS on port 465 and STARTTLS-when-available on any other port.
 */
public final class TlsPolicy {
    public static final int SMTP_PORT = 25;
    public static final int SMTPS_PORT = 465;

    private TlsPolicy() {
    }

    /** The port used when the port field is empty. */
    public static int defaultPort(SecureSocketOptions options) {
        return options == SecureSocketOptions.SSL_ON_CONNECT ? SMTPS_PORT : SMTP_PORT;
    }

    public static TlsBehaviour behaviour(SecureSocketOptions options, int port) {
        switch (options) {
            case NONE:
                return TlsBehaviour.PLAIN;
            case SSL_ON_CONNECT:
                return TlsBehaviour.IMPLICIT_TLS;
            case START_TLS:
                return TlsBehaviour.STARTTLS_REQUIRED;
            case START_TLS_WHEN_AVAILABLE:
                return TlsBehaviour.STARTTLS_WHEN_AVAILABLE;
            case AUTO:
                return port == SMTPS_PORT ? TlsBehaviour.IMPLICIT_TLS : TlsBehaviour.STARTTLS_WHEN_AVAILABLE;
            default:
                throw new IllegalStateException("unknown secure socket option " + options);
        }
    }

    /**
     * Host, concrete port, concrete TLS behaviour, login and trust for a store's effective connection, which unit
     * {@code definedBy} sets.
     */
    public static ConnectionPlan plan(SmtpConnection connection, UnitId definedBy) {
        int port = connection.explicitPort().map(Port::value).orElse(defaultPort(connection.secureSocketOptions()));
        return new ConnectionPlan(connection.serverAddress(), port, behaviour(connection.secureSocketOptions(), port),
                connection.upstreamLogin(definedBy).orElse(null), connection.trust());
    }
}
