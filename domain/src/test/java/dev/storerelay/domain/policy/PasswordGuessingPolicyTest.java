package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.FailedAttempts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PasswordGuessingPolicyTest {
    private static final PasswordGuessingPolicy POLICY = PasswordGuessingPolicy.DEFAULT;
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest(name = "after {0} failure(s): {1} s")
    @CsvSource({"1, 0", "4, 0", "5, 0", "6, 1", "7, 2", "8, 4", "9, 8", "15, 512", "16, 900", "17, 900",
            "1000, 900", "2147483647, 900"})
    void theFreeFailuresCostNothingThenTheDelayDoublesUpToTheCap(int failures, long seconds) {
        assertThat(POLICY.delayAfter(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void aPairWaitsTheDelayAfterItsLastFailureThenMayTryAgain() {
        FailedAttempts six = failures(6, T0);

        assertThat(POLICY.waitUntil(six, T0)).hasValue(T0.plusSeconds(1));
        assertThat(POLICY.waitUntil(six, T0.plusMillis(999))).hasValue(T0.plusSeconds(1));
        assertThat(POLICY.waitUntil(six, T0.plusSeconds(1))).isEmpty();
        assertThat(POLICY.waitUntil(failures(5, T0), T0)).as("the free failures").isEmpty();
    }

    @Test
    void failuresCountUpAndStartAgainOnceForgotten() {
        FailedAttempts first = POLICY.afterFailure(null, T0);
        assertThat(first).isEqualTo(new FailedAttempts(1, T0));

        FailedAttempts second = POLICY.afterFailure(first, T0.plusSeconds(10));
        assertThat(second).isEqualTo(new FailedAttempts(2, T0.plusSeconds(10)));

        Instant quietEnough = second.last().plus(POLICY.quietPeriod());
        assertThat(POLICY.isForgotten(second, quietEnough.minusNanos(1))).isFalse();
        assertThat(POLICY.isForgotten(second, quietEnough)).isTrue();
        assertThat(POLICY.afterFailure(second, quietEnough)).isEqualTo(new FailedAttempts(1, quietEnough));
    }

    @Test
    void aForgottenPairNeverWaitsEvenAtTheCap() {
        FailedAttempts many = failures(100, T0);

        assertThat(POLICY.waitUntil(many, T0)).hasValue(T0.plus(POLICY.maxDelay()));
        assertThat(POLICY.waitUntil(many, T0.plus(POLICY.quietPeriod()))).isEmpty();
    }

    @Test
    void onlyPairsBeyondTheFreeFailuresAreSlowed() {
        assertThat(POLICY.isSlowed(failures(5, T0))).isFalse();
        assertThat(POLICY.isSlowed(failures(6, T0))).isTrue();
    }

    @Test
    void theCountStopsAtItsMaximumInsteadOfOverflowing() {
        FailedAttempts most = failures(Integer.MAX_VALUE, T0);

        assertThat(POLICY.afterFailure(most, T0.plusSeconds(1)).count()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aPolicyThatWouldForgetAPairBeforeItsDelayEndsIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordGuessingPolicy(5, Duration.ofSeconds(1),
                Duration.ofMinutes(15), Duration.ofMinutes(14)));
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordGuessingPolicy(5, Duration.ZERO,
                Duration.ofMinutes(15), Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordGuessingPolicy(-1, Duration.ofSeconds(1),
                Duration.ofMinutes(15), Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new FailedAttempts(0, T0));
    }

    private static FailedAttempts failures(int count, Instant last) {
        return new FailedAttempts(count, last);
    }
}
