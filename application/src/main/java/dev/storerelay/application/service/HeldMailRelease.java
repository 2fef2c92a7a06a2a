package dev.storerelay.application.service;

import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.RunLaterPort;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Releases held mail after a change that may give a store a server: its own settings, an ancestor's settings, or a
 * move below another unit. Held messages are re-examined and held again at once if they still have none.
 *
 * <p>The release is repeated a few seconds later. A delivery that looked at the settings before the change (or at a
 * snapshot of them, which another relay process keeps for up to a second) may record its hold after the release;
 * released only once, such a message would wait for its expiry, days later, although its store now has a server.
 */
final class HeldMailRelease {
    /** Longer than the settings snapshots live plus the time a hold takes to be recorded. */
    static final Duration RELEASE_AGAIN_AFTER = Duration.ofSeconds(5);

    private final HeldMailPort queue;
    private final DeliverySignalPort deliverySignal;
    private final Clock clock;
    private final RunLaterPort later;

    HeldMailRelease(HeldMailPort queue, DeliverySignalPort deliverySignal, Clock clock, RunLaterPort later) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.deliverySignal = Objects.requireNonNull(deliverySignal, "deliverySignal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.later = Objects.requireNonNull(later, "later");
    }

    void release() {
        releaseNow();
        later.runLater(RELEASE_AGAIN_AFTER, this::releaseLater);
    }

    private void releaseNow() {
        if (queue.releaseHeld(clock.instant()) > 0) {
            deliverySignal.messagesDue();
        }
    }

    private void releaseLater() {
        try {
            releaseNow();
        } catch (RuntimeException e) {
            // The database may be gone (shutdown, outage); the messages then wait for the next change or their expiry.
            System.getLogger(HeldMailRelease.class.getName()).log(System.Logger.Level.WARNING,
                    "could not release held mail again after a settings change: " + e);
        }
    }
}
