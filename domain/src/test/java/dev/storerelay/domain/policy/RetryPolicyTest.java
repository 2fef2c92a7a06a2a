package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
    private static final RetryPolicy NO_JITTER = new RetryPolicy(Duration.ofMinutes(1), 2.0, Duration.ofHours(1),
            Duration.ofDays(5), 0.0);
    private static final Instant QUEUED = Instant.parse("2024-03-01T10:00:00Z");

    @ParameterizedTest(name = "after {0} failure(s): {1} s")
    @CsvSource({"1, 60", "2, 120", "3, 240", "4, 480", "5, 960", "6, 1920", "7, 3600", "8, 3600", "30, 3600",
            "63, 3600", "64, 3600", "1000, 3600", "2147483647, 3600"})
    void delayGrowsExponentiallyUpToTheCap(int attempts, long seconds) {
        assertThat(NO_JITTER.delayAfter(attempts, 0.5)).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(RetryPolicy.DEFAULT.delayAfter(attempts, 0.5)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({"1, 60", "3, 240", "10, 3600"})
    void jitterStaysWithinItsBounds(int attempts, long centreSeconds) {
        long centre = Duration.ofSeconds(centreSeconds).toMillis();
        Duration low = RetryPolicy.DEFAULT.delayAfter(attempts, 0.0);
        Duration high = RetryPolicy.DEFAULT.delayAfter(attempts, Math.nextDown(1.0));
        assertThat(low.toMillis()).isEqualTo(Math.round(centre * 0.9));
        assertThat(high.toMillis()).isBetween(Math.round(centre * 1.1) - 1, Math.round(centre * 1.1));
        for (double r = 0; r < 1; r += 0.05) {
            assertThat(RetryPolicy.DEFAULT.delayAfter(attempts, r).toMillis()).isBetween(low.toMillis(), high.toMillis());
        }
    }

    @Test
    void retriesAtNowPlusTheDelay() {
        Instant now = QUEUED.plus(Duration.ofMinutes(3));
        assertThat(NO_JITTER.afterTemporaryFailure(2, QUEUED, now, 0.5))
                .isEqualTo(new RetryPolicy.Decision.RetryAt(now.plus(Duration.ofMinutes(2))));
    }

    @ParameterizedTest
    @CsvSource({"PT0S, false", "PT119H59M59S, false", "PT120H, true", "PT121H, true", "P30D, true"})
    void expiresAfterTheMaximumQueueLifetime(Duration age, boolean expired) {
        Instant now = QUEUED.plus(age);
        assertThat(NO_JITTER.isExpired(QUEUED, now)).isEqualTo(expired);
        RetryPolicy.Decision decision = NO_JITTER.afterTemporaryFailure(3, QUEUED, now, 0.5);
        if (expired) {
            assertThat(decision).isInstanceOf(RetryPolicy.Decision.Expire.class);
        } else {
            assertThat(decision).isInstanceOf(RetryPolicy.Decision.RetryAt.class);
        }
    }

    @Test
    void theLastRetryIsClampedToTheExpiry() {
        Instant expiry = QUEUED.plus(Duration.ofDays(5));
        Instant now = expiry.minus(Duration.ofMinutes(10));
        assertThat(NO_JITTER.afterTemporaryFailure(20, QUEUED, now, 0.5))
                .isEqualTo(new RetryPolicy.Decision.RetryAt(expiry));
        assertThat(NO_JITTER.afterTemporaryFailure(20, QUEUED, expiry, 0.5)).isInstanceOf(RetryPolicy.Decision.Expire.class);
    }

    @Test
    void aRetryScheduleEndsInExpiry() {
        Instant now = QUEUED;
        int attempts = 0;
        RetryPolicy.Decision decision;
        do {
            attempts++;
            decision = RetryPolicy.DEFAULT.afterTemporaryFailure(attempts, QUEUED, now, 0.99);
            if (decision instanceof RetryPolicy.Decision.RetryAt retryAt) {
                assertThat(retryAt.when()).isAfter(now).isBeforeOrEqualTo(QUEUED.plus(Duration.ofDays(5)));
                now = retryAt.when();
            }
        } while (decision instanceof RetryPolicy.Decision.RetryAt);
        assertThat(now).isEqualTo(QUEUED.plus(Duration.ofDays(5)));
        assertThat(attempts).isBetween(100, 200);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void needsAtLeastOneFailedAttempt(int attempts) {
        assertThatIllegalArgumentException().isThrownBy(() -> NO_JITTER.afterTemporaryFailure(attempts, QUEUED, QUEUED, 0.5));
    }

    @Test
    void refusesNonsenseConfiguration() {
        Duration minute = Duration.ofMinutes(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(Duration.ZERO, 2, minute, minute, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(minute.negated(), 2, minute, minute, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(minute, 2, Duration.ofSeconds(59), minute, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(minute, 0.5, minute, minute, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(minute, 2, minute, minute, 1.0));
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(minute, 2, minute, minute, -0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(minute, 2, minute, Duration.ZERO, 0));
    }

    @Test
    void defaultQueueLifetimeIsFiveDaysAsPostfix() {
        assertThat(RetryPolicy.DEFAULT.maxQueueLifetime()).isEqualTo(Duration.ofDays(5));
    }
}
