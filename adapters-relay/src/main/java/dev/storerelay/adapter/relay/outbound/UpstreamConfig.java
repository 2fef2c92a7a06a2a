package dev.storerelay.adapter.relay.outbound;

import javax.net.ssl.X509TrustManager;
import java.time.Duration;
import java.util.Objects;

/**
 * How the relay talks to upstream servers.
 *
 * @param heloName           the name the relay gives in EHLO
 * @param connectTimeout     for the TCP connect
 * @param readTimeout        for every read and write; also bounds the TLS handshake
 * @param trust              what upstream certificates must chain to: the JDK's CAs plus the operator's trust store
 *                           ({@code STORE_RELAY_TRUSTSTORE}), built once by the bootstrap
 * @param maxIdleConnectionsPerServer idle connections kept per connection plan for reuse; 0 disables reuse
 * @param idleConnectionTimeout       an idle connection is closed after this
 * @param maxConnectionAge            a connection is not reused after this, however busy
 * @param maxMessagesPerConnection    a connection is closed after this many messages
 */
public record UpstreamConfig(String heloName, Duration connectTimeout, Duration readTimeout, X509TrustManager trust,
                             int maxIdleConnectionsPerServer, Duration idleConnectionTimeout,
                             Duration maxConnectionAge, int maxMessagesPerConnection) {
    // At least the delivery threads (16 by default), or connections are closed and reopened under load.
    public static final int DEFAULT_MAX_IDLE_CONNECTIONS_PER_SERVER = 32;
    public static final Duration DEFAULT_IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_MESSAGES_PER_CONNECTION = 1000;

    /** With the default connection reuse. */
    public UpstreamConfig(String heloName, Duration connectTimeout, Duration readTimeout, X509TrustManager trust) {
        this(heloName, connectTimeout, readTimeout, trust, DEFAULT_MAX_IDLE_CONNECTIONS_PER_SERVER,
                DEFAULT_IDLE_CONNECTION_TIMEOUT, DEFAULT_MAX_CONNECTION_AGE, DEFAULT_MAX_MESSAGES_PER_CONNECTION);
    }

    public UpstreamConfig {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(idleConnectionTimeout, "idleConnectionTimeout");
        Objects.requireNonNull(maxConnectionAge, "maxConnectionAge");
        if (maxIdleConnectionsPerServer < 0 || maxMessagesPerConnection < 1) {
            throw new IllegalArgumentException("need maxIdleConnectionsPerServer >= 0 and maxMessagesPerConnection >= 1");
        }
    }

    @Override
    public String toString() {
        return "UpstreamConfig[heloName=" + heloName + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", " + trust.getAcceptedIssuers().length + " trusted CAs]";
    }
}
