package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;

import java.util.HashMap;
import java.util.Map;

/** Map-backed delivery limits (messages per minute and concurrent deliveries per unit), for tests. */
public final class InMemoryRateLimits implements UnitRateLimitsPort {
    private final Map<UnitId, RateLimit> limits = new HashMap<>();
    private final Map<UnitId, ConnectionLimit> caps = new HashMap<>();

    @Override
    public synchronized Map<UnitId, RateLimit> loadRateLimits() {
        return Map.copyOf(limits);
    }

    @Override
    public synchronized void saveRateLimit(UnitId unit, RateLimit limit) {
        put(limits, unit, limit);
    }

    @Override
    public synchronized Map<UnitId, ConnectionLimit> loadConnectionLimits() {
        return Map.copyOf(caps);
    }

    @Override
    public synchronized void saveConnectionLimit(UnitId unit, ConnectionLimit limit) {
        put(caps, unit, limit);
    }

    private static <V> void put(Map<UnitId, V> values, UnitId unit, V value) {
        if (value == null) {
            values.remove(unit);
        } else {
            values.put(unit, value);
        }
    }
}
