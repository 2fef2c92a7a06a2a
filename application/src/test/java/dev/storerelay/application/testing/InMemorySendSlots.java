package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.DeliveryPacer;

import java.time.Duration;
import java.time.Instant;

/** Send slots in memory, standing for the shared ones in the database. */
public final class InMemorySendSlots implements SendSlotsPort {
    private final DeliveryPacer pacer = new DeliveryPacer();

    @Override
    public synchronized Instant reserve(UnitId store, RateLimit limit, Instant now) {
        pacer.forgetBefore(now.minus(Duration.ofMinutes(1)));
        return pacer.reserve(store.value(), limit, now);
    }
}
