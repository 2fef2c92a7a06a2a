package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;

import java.util.HashMap;
import java.util.Map;

/** Map-backed rate limits for the web tests. */
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
}
