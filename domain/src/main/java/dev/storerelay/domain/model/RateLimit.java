package dev.storerelay.domain.model;

import java.time.Duration;

/**
 * How many messages a store may send upstream per minute (providers limit this: Microsoft 365 allows 30). Messages
 * are spaced evenly, one every {@link #interval()}, so a burst of queued mail is spread instead of refused.
 */
public record RateLimit(int messagesPerMinute) {
    public static final int MAX = 100_000;

    public RateLimit {
        if (messagesPerMinute < 1 || messagesPerMinute > MAX) {
            throw new IllegalArgumentException("messages per minute must be 1-" + MAX + ": " + messagesPerMinute);
        }
    }

    /** The time between two messages. */
    public Duration interval() {
        return Duration.ofNanos(Duration.ofMinutes(1).toNanos() / messagesPerMinute);
    }
}
