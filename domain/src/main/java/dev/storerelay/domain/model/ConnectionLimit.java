package dev.storerelay.domain.model;

/** How many upstream connections a store may have open at once, counted across every relay process. */
public record ConnectionLimit(int maxConnections) {
    public static final int MAX = 1_000;

    public ConnectionLimit {
        if (maxConnections < 1 || maxConnections > MAX) {
            throw new IllegalArgumentException("max connections must be 1-" + MAX + ": " + maxConnections);
        }
    }
}
