package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.FailedAttempts;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How fast a password may be guessed for one user name from one client address. Counting per pair, and delaying
 * instead of locking, means nobody can shut a user out by failing for it from elsewhere, or with other user names
 * from the same address (OWASP Authentication Cheat Sheet, "Account Lockout").
 *
 * <p>The first {@code freeFailures} failures in a row cost nothing, so a mistyped password holds nobody up. Each
 * further failure makes the pair wait before its password is checked again: {@code firstDelay} after the first one
 * beyond the free ones, doubling with each one after that up to {@code maxDelay}. Failures are forgotten after
 * {@code quietPeriod} without another one; a success forgets them at once (the caller drops the pair).
 */
public record PasswordGuessingPolicy(int freeFailures, Duration firstDelay, Duration maxDelay, Duration quietPeriod) {
    /** Five free failures, then 1 s, 2 s, 4 s … up to 15 minutes; forgotten after an hour without a failure. */
    public static final PasswordGuessingPolicy DEFAULT = new PasswordGuessingPolicy(5, Duration.ofSeconds(1),
            Duration.ofMinutes(15), Duration.ofHours(1));

    public PasswordGuessingPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        if (freeFailures < 0) {
            throw new IllegalArgumentException("freeFailures must not be negative: " + freeFailures);
        }
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay");
        }
        // Shorter, and a pair waiting out its delay would be forgotten first and start over with free failures.
        if (quietPeriod.compareTo(maxDelay) < 0) {
            throw new IllegalArgumentException("quietPeriod must be at least maxDelay");
        }
    }

    /** The failures after one more at {@code now}; {@code earlier} {@code null} or forgotten: this is the first. */
    public FailedAttempts afterFailure(FailedAttempts earlier, Instant now) {
        if (earlier == null || isForgotten(earlier, now)) {
            return new FailedAttempts(1, now);
        }
        return new FailedAttempts(earlier.count() == Integer.MAX_VALUE ? earlier.count() : earlier.count() + 1, now);
    }

    /** Until when the pair must wait before its password is checked again; empty when it may try now. */
    public Optional<Instant> waitUntil(FailedAttempts failures, Instant now) {
        if (isForgotten(failures, now)) {
            return Optional.empty();
        }
        Instant until = failures.last().plus(delayAfter(failures.count()));
        return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    /** Whether the pair has been quiet long enough for its failures to be forgotten. */
    public boolean isForgotten(FailedAttempts failures, Instant now) {
        return !now.isBefore(failures.last().plus(quietPeriod));
    }

    /** Whether the pair is slowed down at all, i.e. has failed more than the free failures. */
    public boolean isSlowed(FailedAttempts failures) {
        return failures.count() > freeFailures;
    }

    /** The wait after {@code failures} failures in a row: none for the free ones, then doubling up to the cap. */
    public Duration delayAfter(int failures) {
        if (failures <= freeFailures) {
            return Duration.ZERO;
        }
        Duration delay = firstDelay;
        // Doubling stops at the cap, so no number of failures can overflow the arithmetic.
        for (int i = freeFailures + 1; i < failures && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
