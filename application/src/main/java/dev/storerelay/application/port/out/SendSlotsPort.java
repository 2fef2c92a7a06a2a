package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;

/**
 * Send slots of rate-limited stores (README, *Delivery*; {@link dev.storerelay.domain.policy.DeliveryPacer}). Backed by
 * the database, the slots are shared by every relay process on it: a store's limit holds for all of them together, not
 * for each.
 */
public interface SendSlotsPort {

    /** Reserves the store's earliest free slot at or after {@code now} under {@code limit}, and returns it. */
    Instant reserve(UnitId store, RateLimit limit, Instant now);
}
