package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;

import java.util.Map;
import java.util.Optional;

/** The rate limits units set themselves (messages per minute upstream). */
public interface UnitRateLimitsPort {

    /** Every unit's own limit, by unit id; units without one are absent. */
    Map<UnitId, RateLimit> loadRateLimits();

    /** Sets the unit's own limit; {@code null} removes it (the unit inherits again). The unit exists. */
    void saveRateLimit(UnitId unit, RateLimit limit);
}
