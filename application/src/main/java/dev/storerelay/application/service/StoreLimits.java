package dev.storerelay.application.service;

import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.ConnectionQuota;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A store's limits on its deliveries (README, *Delivery*), own or inherited: messages per minute, paced by send slots,
 * and concurrent upstream connections.
 */
final class StoreLimits {
    /** A deferred message that comes back this little before its slot is not deferred again. */
    private static final Duration SLOT_TOLERANCE = Duration.ofMillis(20);

    private final ManageRateLimitsUseCase rateLimits;
    // Send slots of rate-limited stores; a message deferred to its slot keeps it (in the queue) when it returns.
    private final SendSlotsPort sendSlots;
    private final int defaultMaxDeliveries;
    private final Clock clock;

    StoreLimits(ManageRateLimitsUseCase rateLimits, SendSlotsPort sendSlots, int defaultMaxDeliveries, Clock clock) {
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
        this.sendSlots = Objects.requireNonNull(sendSlots, "sendSlots");
        this.defaultMaxDeliveries = defaultMaxDeliveries;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Optional<RateLimit> rateLimit(UnitId store) {
        return rateLimits.effectiveRateLimit(store).map(Sourced::value);
    }

    /**
     * A cap set on a unit is the provider's limit on the store's open connections, held across every relay process;
     * the operator's default only spreads this process's delivery threads, and needs no quota.
     */
    Optional<ConnectionQuota> quota(UnitId store) {
        return rateLimits.effectiveConnectionLimit(store)
                .map(limit -> new ConnectionQuota(store, limit.value()));
    }

    /** The store's own or inherited cap on concurrent deliveries, else the operator's default. */
    int connectionCap(UnitId store) {
        return connectionCap(quota(store));
    }

    int connectionCap(Optional<ConnectionQuota> quota) {
        return quota.map(ConnectionQuota::maxConnections).orElse(defaultMaxDeliveries);
    }

    /**
     * The message's send slot: the one it was given when it was deferred (kept in the queue, so any process that
     * claims it keeps it), or a new one.
     */
    Instant slotFor(ClaimedMessage message, RateLimit limit) {
        Instant now = clock.instant();
        Instant reserved = message.sendSlot();
        if (reserved != null) {
            return reserved.isAfter(now.plus(SLOT_TOLERANCE)) ? reserved : now;
        }
        return sendSlots.reserve(message.store(), limit, now);
    }
}
