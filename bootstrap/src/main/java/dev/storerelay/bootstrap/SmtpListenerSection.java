package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.adapter.relay.ListenerTls;
import dev.storerelay.domain.model.Secret;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The relay listener legacy systems submit to: where it binds, its limits, {@code STARTTLS} and who must authenticate.
 *
 * @param tls {@code null}: no {@code STARTTLS}
 */
record SmtpListenerSection(String bind, int port, long maxMessageBytes, ListenerTls tls, boolean requireAuth,
                           boolean plainTextAuth, int maxConnections, int maxConnectionsPerClient,
                           int reservedConnections) {
    static final ConfigKey BIND = ConfigKey.of("STORE_RELAY_SMTP_BIND", "127.0.0.1");
    static final ConfigKey PORT = ConfigKey.of("STORE_RELAY_SMTP_PORT", "2525");
    static final ConfigKey MAX_MESSAGE_SIZE = ConfigKey.of("STORE_RELAY_MAX_MESSAGE_SIZE", "26214400");
    static final ConfigKey TLS_CERT = ConfigKey.of("STORE_RELAY_SMTP_TLS_CERT", null);
    static final ConfigKey TLS_KEY = ConfigKey.of("STORE_RELAY_SMTP_TLS_KEY", null);
    static final ConfigKey TLS_KEYSTORE = ConfigKey.of("STORE_RELAY_SMTP_TLS_KEYSTORE", null);
    static final ConfigKey TLS_KEYSTORE_PASSWORD = ConfigKey.secret("STORE_RELAY_SMTP_TLS_KEYSTORE_PASSWORD");
    static final ConfigKey REQUIRE_AUTH = ConfigKey.of("STORE_RELAY_SMTP_REQUIRE_AUTH", "false");
    static final ConfigKey PLAINTEXT_AUTH = ConfigKey.of("STORE_RELAY_SMTP_PLAINTEXT_AUTH", "false");
    static final ConfigKey MAX_CONNECTIONS = ConfigKey.of("STORE_RELAY_SMTP_MAX_CONNECTIONS", "200");
    static final ConfigKey MAX_CONNECTIONS_PER_CLIENT = ConfigKey.of("STORE_RELAY_SMTP_MAX_CONNECTIONS_PER_CLIENT", "50");
    static final ConfigKey RESERVED_CONNECTIONS = ConfigKey.of("STORE_RELAY_SMTP_RESERVED_CONNECTIONS", null);
    static final List<ConfigKey> KEYS = List.of(BIND, PORT, MAX_MESSAGE_SIZE, TLS_CERT, TLS_KEY, TLS_KEYSTORE,
            TLS_KEYSTORE_PASSWORD, REQUIRE_AUTH, PLAINTEXT_AUTH, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_CLIENT,
            RESERVED_CONNECTIONS);

    SmtpListenerSection {
        Objects.requireNonNull(bind, "bind");
    }

    static SmtpListenerSection read(ConfigValues values) {
        long maxMessage = values.parse(MAX_MESSAGE_SIZE, "a size in bytes", Long::parseLong);
        if (maxMessage < 1024) {
            throw new ConfigException(MAX_MESSAGE_SIZE.variable() + ": expected at least 1024 bytes, got " + maxMessage);
        }
        String bind = values.bind(BIND);
        int maxConnections = values.positive(MAX_CONNECTIONS, 100_000);
        int port = values.port(PORT);
        return new SmtpListenerSection(bind, port, maxMessage, tls(values), values.flag(REQUIRE_AUTH),
                values.flag(PLAINTEXT_AUTH), maxConnections, values.positive(MAX_CONNECTIONS_PER_CLIENT, 100_000),
                reservedConnections(values, maxConnections));
    }

    /** PEM certificate and key, or a PKCS#12 key store; none = no STARTTLS. */
    private static ListenerTls tls(ConfigValues values) {
        Path certificate = values.readableFile(TLS_CERT);
        Path key = values.readableFile(TLS_KEY);
        Path keyStore = values.readableFile(TLS_KEYSTORE);
        if (keyStore != null && (certificate != null || key != null)) {
            throw new ConfigException(TLS_KEYSTORE.variable() + ": give either a PKCS#12 key store or "
                    + TLS_CERT.variable() + " and " + TLS_KEY.variable() + ", not both");
        }
        if (keyStore != null) {
            String password = values.text(TLS_KEYSTORE_PASSWORD);
            return new ListenerTls.Pkcs12(keyStore, password == null ? null : new Secret(password));
        }
        if ((certificate == null) != (key == null)) {
            throw new ConfigException((certificate == null ? TLS_CERT : TLS_KEY).variable()
                    + ": STARTTLS needs both " + TLS_CERT.variable() + " and " + TLS_KEY.variable());
        }
        return certificate == null ? null : new ListenerTls.Pem(certificate, key);
    }

    /** Empty: the listener's default share of the connections; else fewer than all of them. */
    private static int reservedConnections(ConfigValues values, int maxConnections) {
        if (values.text(RESERVED_CONNECTIONS) == null) {
            return ListenerConfig.defaultReservedConnections(maxConnections);
        }
        String expected = "a whole number 0-" + (maxConnections - 1) + " (fewer than " + MAX_CONNECTIONS.variable() + ")";
        int value = values.parse(RESERVED_CONNECTIONS, expected, Integer::parseInt);
        if (value < 0 || value >= maxConnections) {
            throw new ConfigException(RESERVED_CONNECTIONS.variable() + ": expected " + expected + ", got " + value);
        }
        return value;
    }

    ListenerConfig listenerConfig(IdentitySection identity) {
        return new ListenerConfig(bind, port, identity.hostName(), maxMessageBytes,
                ListenerConfig.DEFAULT_MAX_RECIPIENTS, ListenerConfig.DEFAULT_IDLE_TIMEOUT, maxConnections,
                Math.min(maxConnectionsPerClient, maxConnections), reservedConnections,
                ListenerConfig.MIN_COMMAND_LINE_OCTETS, ListenerConfig.MIN_TEXT_LINE_OCTETS, identity.storeHeader());
    }

    ListenerSecurity security() {
        return new ListenerSecurity(tls, requireAuth, plainTextAuth);
    }

    String describe() {
        return "SMTP listener " + bind + ":" + port
                + ", max message " + maxMessageBytes + " bytes"
                + ", STARTTLS " + (tls == null ? "off" : tls instanceof ListenerTls.Pem pem ? "PEM " + pem.certificateChain()
                        : "PKCS#12 " + ((ListenerTls.Pkcs12) tls).keyStore())
                + ", AUTH " + (requireAuth ? "required" : "optional") + (plainTextAuth ? ", also without TLS" : "")
                + ", max connections " + maxConnections + " (" + maxConnectionsPerClient + " per client, "
                + reservedConnections + " reserved)";
    }
}
