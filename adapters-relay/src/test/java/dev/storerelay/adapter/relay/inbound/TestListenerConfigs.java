package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;

import java.time.Duration;

/**
 * Listener settings for tests: loopback, an ephemeral port and small limits, so that a test names only the limits it
 * is about. Connections per client and the reserve follow the number of connections as they do in the product
 * ({@link ListenerConfig#DEFAULT_MAX_CONNECTIONS_PER_CLIENT} at most, {@link ListenerConfig#defaultReservedConnections})
 * unless a test sets them.
 */
final class TestListenerConfigs {
    private String serverName = "relay.test";
    private long maxMessageBytes = 10_000;
    private int maxRecipients = 10;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int maxConnections = 10;
    private Integer maxConnectionsPerClient;
    private Integer reservedConnections;
    private int maxCommandLineOctets = ListenerConfig.MIN_COMMAND_LINE_OCTETS;
    private int maxTextLineOctets = ListenerConfig.MIN_TEXT_LINE_OCTETS;
    private String storeHeaderName = ListenerConfig.DEFAULT_STORE_HEADER_NAME;

    private TestListenerConfigs() {
    }

    static TestListenerConfigs loopback() {
        return new TestListenerConfigs();
    }

    TestListenerConfigs serverName(String name) {
        this.serverName = name;
        return this;
    }

    TestListenerConfigs maxMessageBytes(long bytes) {
        this.maxMessageBytes = bytes;
        return this;
    }

    TestListenerConfigs maxRecipients(int recipients) {
        this.maxRecipients = recipients;
        return this;
    }

    TestListenerConfigs idleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    TestListenerConfigs maxConnections(int connections) {
        this.maxConnections = connections;
        return this;
    }

    TestListenerConfigs maxConnectionsPerClient(int connections) {
        this.maxConnectionsPerClient = connections;
        return this;
    }

    TestListenerConfigs reservedConnections(int connections) {
        this.reservedConnections = connections;
        return this;
    }

    TestListenerConfigs lineLimits(int commandLineOctets, int textLineOctets) {
        this.maxCommandLineOctets = commandLineOctets;
        this.maxTextLineOctets = textLineOctets;
        return this;
    }

    TestListenerConfigs storeHeaderName(String name) {
        this.storeHeaderName = name;
        return this;
    }

    ListenerConfig build() {
        int perClient = maxConnectionsPerClient != null ? maxConnectionsPerClient
                : Math.min(ListenerConfig.DEFAULT_MAX_CONNECTIONS_PER_CLIENT, Math.max(1, maxConnections));
        int reserved = reservedConnections != null ? reservedConnections
                : ListenerConfig.defaultReservedConnections(maxConnections);
        return new ListenerConfig("127.0.0.1", 0, serverName, maxMessageBytes, maxRecipients, idleTimeout,
                maxConnections, perClient, reserved, maxCommandLineOctets, maxTextLineOctets, storeHeaderName);
    }
}
