package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.UnitId;

import java.util.Objects;

/**
 * A store's own cap on its open upstream connections, counted across every relay process
 * ({@link ConnectionPermitsPort}): the store's connections are its own, not shared with other stores that happen to
 * use the same server and login.
 */
public record ConnectionQuota(UnitId store, ConnectionLimit limit) {
    public ConnectionQuota {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(limit, "limit");
    }

    public ConnectionQuota(UnitId store, int maxConnections) {
        this(store, new ConnectionLimit(maxConnections));
    }

    public int maxConnections() {
        return limit.maxConnections();
    }
}
