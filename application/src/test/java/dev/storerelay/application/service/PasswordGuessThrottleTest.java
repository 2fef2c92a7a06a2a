package dev.storerelay.application.service;

import dev.storerelay.application.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.domain.policy.PasswordGuessingPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PasswordGuessThrottleTest {
    private static final PasswordGuessingPolicy POLICY = PasswordGuessingPolicy.DEFAULT;
    private static final String A = "192.0.2.1";
    private static final String B = "192.0.2.2";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final PasswordGuessThrottle throttle = new PasswordGuessThrottle(POLICY, clock, 100);

    @Test
    void aPairWaitsOnceItsFreeFailuresAreUsedUpAndTheWaitDoubles() {
        fail("admin", A, POLICY.freeFailures());
        assertThat(throttle.waitUntil("admin", A)).isEmpty();

        throttle.failed("admin", A);
        assertThat(throttle.waitUntil("admin", A)).hasValue(clock.instant().plusSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.waitUntil("admin", A)).isEmpty();
        throttle.failed("admin", A);
        assertThat(throttle.waitUntil("admin", A)).hasValue(clock.instant().plusSeconds(2));
    }

    @Test
    void onlyTheFailingPairWaits() {
        fail("admin", A, 20);

        assertThat(throttle.waitUntil("admin", A)).isPresent();
        assertThat(throttle.waitUntil("admin", B)).as("the same name from another address").isEmpty();
        assertThat(throttle.waitUntil("alice", A)).as("another name from the same address").isEmpty();
    }

    @Test
    void manyNamesFailingFromOneAddressSlowNoneOfThemDown() {
        for (int i = 0; i < 50; i++) {
            fail("user" + i, A, POLICY.freeFailures());
        }

        assertThat(throttle.waitUntil("admin", A)).isEmpty();
        assertThat(throttle.waitUntil("user7", A)).isEmpty();
    }

    @Test
    void aSuccessForgetsThePairsFailures() {
        fail("admin", A, 20);
        fail("admin", B, POLICY.freeFailures());

        throttle.succeeded("admin", B);
        throttle.failed("admin", B);

        assertThat(throttle.waitUntil("admin", B)).as("counting starts again").isEmpty();
        assertThat(throttle.waitUntil("admin", A)).as("another address keeps its failures").isPresent();
    }

    @Test
    void failuresAreForgottenAfterTheQuietPeriodEvenAtTheCap() {
        fail("admin", A, 100);
        assertThat(throttle.waitUntil("admin", A)).hasValue(clock.instant().plus(POLICY.maxDelay()));

        clock.advance(POLICY.quietPeriod());

        assertThat(throttle.waitUntil("admin", A)).isEmpty();
        assertThat(throttle.size()).isZero();
        throttle.failed("admin", A);
        assertThat(throttle.waitUntil("admin", A)).as("a fresh start").isEmpty();
    }

    @Test
    void whenFullForgottenAndUnslowedPairsMakeRoomButSlowedPairsStay() {
        PasswordGuessThrottle small = new PasswordGuessThrottle(POLICY, clock, 3);
        for (int i = 0; i <= POLICY.freeFailures(); i++) {
            small.failed("admin", A);
        }
        small.failed("old", A);
        clock.advance(POLICY.maxDelay());
        small.failed("sprayed", A);

        small.failed("new", B);
        assertThat(small.size()).isLessThanOrEqualTo(3);

        small.failed("another", B);
        small.failed("and-another", B);

        assertThat(small.size()).isLessThanOrEqualTo(3);
        for (int i = 0; i < POLICY.freeFailures(); i++) {
            small.failed("admin", A);
        }
        assertThat(small.waitUntil("admin", A)).as("the slowed pair was kept").isPresent();
    }

    @Test
    void whenEveryKeptPairIsSlowedANewPairIsNotRecordedRatherThanOneOfThemForgotten() {
        PasswordGuessThrottle full = new PasswordGuessThrottle(POLICY, clock, 1);
        for (int i = 0; i <= POLICY.freeFailures(); i++) {
            full.failed("admin", A);
        }

        full.failed("other", B);

        assertThat(full.size()).isEqualTo(1);
        assertThat(full.waitUntil("admin", A)).isPresent();
    }

    @Test
    void veryLongUserNamesShareOneBoundedKey() {
        String longName = "x".repeat(PasswordGuessThrottle.MAX_KEY_USERNAME);
        fail(longName + "a", A, POLICY.freeFailures());
        fail(longName + "b", A, 1);

        assertThat(throttle.size()).isEqualTo(1);
        assertThat(throttle.waitUntil(longName + "c", A)).isPresent();
    }

    private void fail(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(username, address);
        }
    }
}
