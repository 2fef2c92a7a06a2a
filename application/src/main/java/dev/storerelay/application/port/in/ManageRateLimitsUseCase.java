package dev.storerelay.application.port.in;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitId;

import java.util.Optional;

/** Per-unit limits on upstream sending, inherited down the tree like the other settings. */
public interface ManageRateLimitsUseCase {

    /** The unit's own and effective limit; empty if the unit is unknown. */
    Optional<RateLimitView> rateLimit(UnitId unit);

    /** Sets the unit's own limit in messages per minute, {@code null} to inherit. {@code NotFound} or {@code Invalid}. */
    Outcome setRateLimit(UnitId unit, Integer messagesPerMinute);

    /** The limit a store's mail is sent with; empty = unlimited. */
    Optional<Sourced<RateLimit>> effectiveRateLimit(UnitId store);

    /**
     * Sets the unit's own cap on each of its stores' open upstream connections (all relay processes together),
     * {@code null} to inherit. {@code NotFound} or {@code Invalid}.
     */
    Outcome setConnectionLimit(UnitId unit, Integer maxConnections);

    /** The cap on a store's open upstream connections; empty = the operator's default (per process). */
    Optional<Sourced<ConnectionLimit>> effectiveConnectionLimit(UnitId store);
}
