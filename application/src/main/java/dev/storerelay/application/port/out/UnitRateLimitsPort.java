package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;

import java.util.Map;
import java.util.Optional;

/** The delivery limits units set themselves: messages per minute and concurrent connections upstream. */
public interface UnitRateLimitsPort {

    /** Every unit's own limit, by unit id; units without one are absent. */
    Map<UnitId, RateLimit> loadRateLimits();

    /** Sets the unit's own limit; {@code null} removes it (the unit inherits again). The unit exists. */
    void saveRateLimit(UnitId unit, RateLimit limit);

    /** Every unit's own cap on its stores' open upstream connections, by unit id; units without one are absent. */
    Map<UnitId, ConnectionLimit> loadConnectionLimits();

    /** Sets the unit's own cap; {@code null} removes it. The unit exists. */
    void saveConnectionLimit(UnitId unit, ConnectionLimit limit);
}
