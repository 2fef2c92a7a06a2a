package dev.storerelay.domain.model;

/** How many deliveries of a store may run at once, each over its own upstream connection. */
public record ConnectionLimit(int maxConnections) {
    public static final int MAX = 1_000;

    public ConnectionLimit {
        if (maxConnections < 1 || maxConnections > MAX) {
            throw new IllegalArgumentException("max connections must be 1-" + MAX + ": " + maxConnections);
        }
    }
}
