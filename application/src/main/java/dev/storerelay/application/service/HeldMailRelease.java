package dev.storerelay.application.service;

import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.MessageQueuePort;

import java.time.Clock;
import java.util.Objects;

/**
 * Releases held mail after a change that may give a store a server: its own settings, an ancestor's settings, or a
 * move below another unit. Held messages are re-examined and held again at once if they still have none.
 */
final class HeldMailRelease {
    private final MessageQueuePort queue;
    private final DeliverySignalPort deliverySignal;
    private final Clock clock;

    HeldMailRelease(MessageQueuePort queue, DeliverySignalPort deliverySignal, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.deliverySignal = Objects.requireNonNull(deliverySignal, "deliverySignal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void release() {
        if (queue.releaseHeld(clock.instant()) > 0) {
            deliverySignal.messagesDue();
        }
    }
}
