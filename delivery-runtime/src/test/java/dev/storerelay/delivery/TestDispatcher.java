package dev.storerelay.delivery;

import dev.storerelay.application.port.in.ManageRateLimitsUseCase;
import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.application.service.DeliverMessageService;
import dev.storerelay.application.service.DeliveryConfig;
import dev.storerelay.application.service.RateLimitService;
import dev.storerelay.application.testing.InMemoryMessageQueue;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.application.testing.InMemoryRateLimits;
import dev.storerelay.application.testing.InMemorySendSlots;

import java.time.Clock;

/**
 * Builds a {@link DeliveryDispatcher} over the in-memory queue and the test's outcome recording, with the real
 * delivery use case: no rate limits, an empty hand-off, send slots in memory and no message context unless a test
 * sets them.
 */
final class TestDispatcher {
    private final InMemoryMessageQueue queue;
    private final OutcomeRecording recording;
    private final ResolveStoreSettingsUseCase resolver;
    private final ForwardMessagePort forwarder;
    private final DeliveryConfig config;
    private final Clock clock;
    private ManageRateLimitsUseCase rateLimits;
    private DeliveryHandoff handoff;
    private SendSlotsPort sendSlots = new InMemorySendSlots();
    private MessageContextPort context = MessageContextPort.NONE;
    private DeliveryEventsPort events = DeliveryEventsPort.NONE;

    TestDispatcher(InMemoryMessageQueue queue, OutcomeRecording recording, InMemoryOrgUnits units,
                   ResolveStoreSettingsUseCase resolver, ForwardMessagePort forwarder, DeliveryConfig config,
                   Clock clock) {
        this.queue = queue;
        this.recording = recording;
        this.resolver = resolver;
        this.forwarder = forwarder;
        this.config = config;
        this.clock = clock;
        this.rateLimits = new RateLimitService(units, new InMemoryRateLimits());
        this.handoff = new DeliveryHandoff("test/handoff", 8, config.lease());
    }

    TestDispatcher rateLimits(ManageRateLimitsUseCase rateLimits) {
        this.rateLimits = rateLimits;
        return this;
    }

    TestDispatcher handoff(DeliveryHandoff handoff) {
        this.handoff = handoff;
        return this;
    }

    TestDispatcher sendSlots(SendSlotsPort sendSlots) {
        this.sendSlots = sendSlots;
        return this;
    }

    TestDispatcher context(MessageContextPort context) {
        this.context = context;
        return this;
    }

    TestDispatcher events(DeliveryEventsPort events) {
        this.events = events;
        return this;
    }

    DeliveryDispatcher build() {
        DeliverMessageService deliver = new DeliverMessageService(resolver, rateLimits, sendSlots, forwarder, queue,
                config, clock, () -> 0.5, events);
        return new DeliveryDispatcher(queue, queue, recording, deliver, handoff, context, config.lease(),
                config.maxDeliveriesPerStore(), clock);
    }
}
