package dev.storerelay.application.service;

import dev.storerelay.application.port.in.DeliverMessageUseCase;
import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.StorePlan;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.ConnectionQuota;
import dev.storerelay.application.port.out.DataEndGate;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.domain.model.UnitId;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Delivers one message with its store's settings as they are at delivery time (README, *Delivery*): resolves the
 * store, keeps to its rate limit, rewrites the sender, forwards, and returns per-recipient outcomes with the retry
 * schedule.
 */
public final class DeliverMessageService implements DeliverMessageUseCase {
    private final ResolveStoreSettingsUseCase resolver;
    private final Clock clock;
    private final DeliveryAttempts attempts;
    private final Forwarding forwarding;
    private final StoreLimits storeLimits;
    private final Bounces bounces;
    private final DeliveryEventsPort events;

    /**
     * @param random    numbers in [0, 1) that spread retries (jitter)
     * @param bounceTo  where delivery status notifications are queued
     * @param sendSlots the rate-limited stores' send slots (shared by the relay processes on one database)
     * @param events    told each delivery's outcome, for monitoring
     */
    public DeliverMessageService(ResolveStoreSettingsUseCase resolver, ManageRateLimitsUseCase rateLimits,
                                 SendSlotsPort sendSlots, ForwardMessagePort forwarder, EnqueueMessagePort bounceTo,
                                 DeliveryConfig config, Clock clock, DoubleSupplier random, DeliveryEventsPort events) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.attempts = new DeliveryAttempts(config.retry(), clock, Objects.requireNonNull(random, "random"));
        this.forwarding = new Forwarding(forwarder, config, attempts, events);
        this.storeLimits = new StoreLimits(rateLimits, sendSlots, config.maxDeliveriesPerStore(), clock);
        this.bounces = new Bounces(Objects.requireNonNull(bounceTo, "bounceTo"), config, clock, events);
    }

    @Override
    public StorePlan plan(UnitId store) {
        Optional<ConnectionQuota> quota = storeLimits.quota(store);
        return new StorePlan(resolver.resolve(store), storeLimits.rateLimit(store), quota,
                storeLimits.connectionCap(quota));
    }

    @Override
    public int connectionCap(UnitId store) {
        return storeLimits.connectionCap(store);
    }

    @Override
    public Optional<DeliveryAttempt> deferToSendSlot(ClaimedMessage message, StorePlan plan) {
        if (!plan.hasServer() || plan.rateLimit().isEmpty()) {
            return Optional.empty();
        }
        Instant slot = storeLimits.slotFor(message, plan.rateLimit().get());
        return slot.isAfter(clock.instant())
                ? Optional.of(attempts.deferred(message, slot, plan.rateLimit().get()))
                : Optional.empty();
    }

    @Override
    public Optional<DeliveryAttempt> forward(ClaimedMessage message, StorePlan plan, DataEndGate dataEnd) {
        return forwarding.attempt(message, plan.settings(), plan.quota().orElse(null), dataEnd);
    }

    @Override
    public void report(ClaimedMessage message, DeliveryAttempt attempt) {
        DeliveryReport.report(events, message, attempt);
    }

    @Override
    public void bounce(ClaimedMessage message, DeliveryAttempt attempt) {
        bounces.report(message, attempt);
    }
}
