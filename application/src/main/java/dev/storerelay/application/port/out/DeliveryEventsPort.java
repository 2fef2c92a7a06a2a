package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.UnitId;

import java.time.Duration;

/**
 * What becomes of deliveries, told as it happens, for monitoring (README, *Metrics*). Called on delivery threads for
 * every message: an implementation counts and returns at once, and never throws.
 */
public interface DeliveryEventsPort {
    /** For services built without monitoring (tests of other concerns). */
    DeliveryEventsPort NONE = new DeliveryEventsPort() {
        @Override
        public void recipients(UnitId store, Outcome outcome, int count) {
        }

        @Override
        public void upstreamAttempt(long nanos) {
        }

        @Override
        public void finished(Duration sinceReceipt) {
        }

        @Override
        public void retryScheduled() {
        }

        @Override
        public void bounceQueued() {
        }
    };

    /** What one delivery attempt (or hold) made of a recipient. */
    enum Outcome {
        /** The upstream took it ({@code 2xx}). */
        DELIVERED,
        /** A temporary failure ({@code 4xx}, timeout, connection, TLS or login problem): it is tried again. */
        DEFERRED,
        /** The upstream refused it for good ({@code 5xx}). */
        FAILED,
        /** Its queue lifetime ran out. */
        EXPIRED,
        /** Its store has no effective SMTP server: it waits for the settings. */
        HELD
    }

    /** {@code count} recipients of one message of {@code store} had this outcome in one attempt; {@code count > 0}. */
    void recipients(UnitId store, Outcome outcome, int count);

    /** One upstream attempt (a connection taken or opened, the dialogue, the replies) took this long. */
    void upstreamAttempt(long nanos);

    /** A message reached its final status (every recipient delivered, failed or expired) this long after receipt. */
    void finished(Duration sinceReceipt);

    /** A temporary failure scheduled another attempt of a message. */
    void retryScheduled();

    /** A delivery status notification to a message's sender was queued. */
    void bounceQueued();
}
