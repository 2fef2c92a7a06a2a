package dev.storerelay.adapter.management;

import java.util.Objects;

/**
 * The management listener (README, *Operations*) and the metrics' options.
 *
 * @param bindAddress where {@code /metrics} and {@code /health/*} are served, without authentication
 * @param port        0 for any free port
 * @param storeLabel  whether deliveries are counted per store; off for chains with thousands of stores
 */
public record ManagementConfig(String bindAddress, int port, boolean storeLabel) {
    public ManagementConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }
}
