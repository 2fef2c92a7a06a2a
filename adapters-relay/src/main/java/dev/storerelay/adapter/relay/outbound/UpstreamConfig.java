package dev.storerelay.adapter.relay.outbound;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the relay talks to upstream servers.
 *
 * @param heloName           the name the relay gives in EHLO
 * @param connectTimeout     for the TCP connect
 * @param readTimeout        for every read and write; also bounds the TLS handshake
 * @param trustStore         extra trusted CA certificates (PKCS#12), in addition to the JDK's; {@code null} if none
 * @param trustStorePassword the trust store's password; may be empty
 * @param maxIdleConnectionsPerServer idle connections kept per connection plan for reuse; 0 disables reuse
 * @param idleConnectionTimeout       an idle connection is closed after this
 * @param maxConnectionAge            a connection is not reused after this, however busy
 * @param maxMessagesPerConnection    a connection is closed after this many messages
 */
public record UpstreamConfig(String heloName, Duration connectTimeout, Duration readTimeout, Path trustStore,
                             String trustStorePassword, int maxIdleConnectionsPerServer, Duration idleConnectionTimeout,
                             Duration maxConnectionAge, int maxMessagesPerConnection) {
    // At least the delivery threads (16 by default), or connections are closed and reopened under load.
    public static final int DEFAULT_MAX_IDLE_CONNECTIONS_PER_SERVER = 32;
    public static final Duration DEFAULT_IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_MESSAGES_PER_CONNECTION = 1000;

    /** With the default connection reuse. */
    public UpstreamConfig(String heloName, Duration connectTimeout, Duration readTimeout, Path trustStore, String trustStorePassword) {
        this(heloName, connectTimeout, readTimeout, trustStore, trustStorePassword, DEFAULT_MAX_IDLE_CONNECTIONS_PER_SERVER,
                DEFAULT_IDLE_CONNECTION_TIMEOUT, DEFAULT_MAX_CONNECTION_AGE, DEFAULT_MAX_MESSAGES_PER_CONNECTION);
    }

    public UpstreamConfig {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(idleConnectionTimeout, "idleConnectionTimeout");
        Objects.requireNonNull(maxConnectionAge, "maxConnectionAge");
        if (maxIdleConnectionsPerServer < 0 || maxMessagesPerConnection < 1) {
            throw new IllegalArgumentException("need maxIdleConnectionsPerServer >= 0 and maxMessagesPerConnection >= 1");
        }
    }

    public Optional<Path> extraTrustStore() {
        return Optional.ofNullable(trustStore);
    }

    @Override
    public String toString() {
        return "UpstreamConfig[heloName=" + heloName + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", trustStore=" + trustStore + ", trustStorePassword=" + (trustStorePassword == null || trustStorePassword.isEmpty() ? "(none)" : "******") + "]";
    }
}
