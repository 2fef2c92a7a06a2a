package dev.storerelay.domain.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to try a message again after a temporary failure: exponential backoff with jitter, capped, until the
 * maximum queue lifetime has passed (Postfix's {@code maximal_queue_lifetime}, 5 days by default).
 */
public record RetryPolicy(Duration firstDelay, double multiplier, Duration maxDelay, Duration maxQueueLifetime,
                          double jitter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMinutes(1), 2.0, Duration.ofHours(1), Duration.ofDays(5), 0.1);

    public RetryPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxQueueLifetime, "maxQueueLifetime");
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        if (maxQueueLifetime.isNegative() || maxQueueLifetime.isZero()) {
            throw new IllegalArgumentException("maxQueueLifetime must be positive");
        }
    }

    /** What happens after a temporary failure. */
    public sealed interface Decision {
        record RetryAt(Instant when) implements Decision {
        }

        record Expire() implements Decision {
        }
    }

    /**
     * @param attemptsMade how many attempts have failed so far, at least 1
     * @param randomUnit   a number in [0, 1) from the caller's random source; spreads retries so that a recovered
     *                     upstream is not hit by the whole queue at once
     */
    public Decision afterTemporaryFailure(int attemptsMade, Instant queuedAt, Instant now, double randomUnit) {
        if (attemptsMade < 1) {
            throw new IllegalArgumentException("attemptsMade must be at least 1");
        }
        Instant expiry = queuedAt.plus(maxQueueLifetime);
        if (!now.isBefore(expiry)) {
            return new Decision.Expire();
        }
        Instant next = now.plus(delayAfter(attemptsMade, randomUnit));
        // One last try at the end of the lifetime rather than giving up early.
        return new Decision.RetryAt(next.isAfter(expiry) ? expiry : next);
    }

    /** The backoff after {@code attemptsMade} failures, before jitter is applied at the centre ({@code randomUnit} 0.5). */
    public Duration delayAfter(int attemptsMade, double randomUnit) {
        double base = firstDelay.toMillis() * Math.pow(multiplier, Math.min(attemptsMade - 1, 62));
        double capped = Math.min(base, maxDelay.toMillis());
        double spread = 1.0 + jitter * (2 * randomUnit - 1);
        return Duration.ofMillis(Math.max(1, Math.round(capped * spread)));
    }

    public boolean isExpired(Instant queuedAt, Instant now) {
        return !now.isBefore(queuedAt.plus(maxQueueLifetime));
    }
}
