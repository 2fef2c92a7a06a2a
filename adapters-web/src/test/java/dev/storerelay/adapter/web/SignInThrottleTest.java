package dev.storerelay.adapter.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void theFifthFailureWithinTheWindowLocksTheNameForFiveMinutes() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin", "10.0.0." + i);
            clock.advance(Duration.ofMinutes(3));
        }
        assertThat(throttle.lockedUntil("admin", "10.0.0.9")).isEmpty();

        throttle.failed("admin", "10.0.0.5");

        Instant lockedAt = clock.instant();
        assertThat(throttle.lockedUntil("admin", "10.0.0.9")).hasValue(lockedAt.plus(SignInThrottle.LOCK));
        assertThat(throttle.lockedUntil("other", "10.0.0.9")).isEmpty();
        clock.advance(SignInThrottle.LOCK);
        assertThat(throttle.lockedUntil("admin", "10.0.0.9")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin", "10.0.0." + i);
        }
        clock.advance(SignInThrottle.WINDOW.plusSeconds(1));

        throttle.failed("admin", "10.0.0.4");

        assertThat(throttle.lockedUntil("admin", "10.0.0.9")).isEmpty();
    }

    @Test
    void oneAddressTryingManyNamesIsLockedOut() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }

        assertThat(throttle.lockedUntil("admin", "192.0.2.7")).isPresent();
        assertThat(throttle.lockedUntil("admin", "192.0.2.8")).isEmpty();
    }

    @Test
    void aGoodPasswordClearsTheNamesFailures() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("admin", "10.0.0." + i);
        }
        throttle.succeeded("admin");
        throttle.failed("admin", "10.0.0.99");

        assertThat(throttle.lockedUntil("admin", "10.0.0.100")).isEmpty();
    }

    /** A clock the test moves forward. */
    static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
