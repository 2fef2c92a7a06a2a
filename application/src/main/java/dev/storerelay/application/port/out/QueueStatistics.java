package dev.storerelay.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How much mail waits, for monitoring: messages with recipients still pending, as queued (the relay tries them) and
 * held (their store has no server), and when the oldest queued one was received.
 *
 * @param oldestQueuedReceivedAt {@code null} when nothing is queued
 */
public record QueueStatistics(long queued, long held, Instant oldestQueuedReceivedAt) {
    public static final QueueStatistics EMPTY = new QueueStatistics(0, 0, null);

    public QueueStatistics {
        if (queued < 0 || held < 0) {
            throw new IllegalArgumentException("negative counts: " + queued + " queued, " + held + " held");
        }
        if ((queued == 0) != (oldestQueuedReceivedAt == null)) {
            throw new IllegalArgumentException("the oldest queued message is known exactly when some are queued");
        }
    }

    public Optional<Instant> oldestQueued() {
        return Optional.ofNullable(oldestQueuedReceivedAt);
    }

    /** How long the oldest queued message has waited at {@code now}; zero when nothing is queued. */
    public Duration oldestQueuedAge(Instant now) {
        if (oldestQueuedReceivedAt == null || now.isBefore(oldestQueuedReceivedAt)) {
            return Duration.ZERO;
        }
        return Duration.between(oldestQueuedReceivedAt, now);
    }
}
