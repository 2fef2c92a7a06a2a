package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;

import java.util.HashMap;
import java.util.Map;

/** Map-backed delivery limits for the web tests. */
final class InMemoryRateLimits implements UnitRateLimitsPort {
    private final Map<UnitId, RateLimit> limits = new HashMap<>();

    @Override
    public synchronized Map<UnitId, RateLimit> loadRateLimits() {
        return Map.copyOf(limits);
    }

    @Override
    public synchronized void saveRateLimit(UnitId unit, RateLimit limit) {
        if (limit == null) {
            limits.remove(unit);
        } else {
            limits.put(unit, limit);
        }
    }

    private final Map<UnitId, ConnectionLimit> caps = new java.util.HashMap<>();

    @Override
    public synchronized Map<UnitId, ConnectionLimit> loadConnectionLimits() {
        return Map.copyOf(caps);
    }

    @Override
    public synchronized void saveConnectionLimit(UnitId unit, ConnectionLimit limit) {
        if (limit == null) {
            caps.remove(unit);
        } else {
            caps.put(unit, limit);
        }
    }
}
