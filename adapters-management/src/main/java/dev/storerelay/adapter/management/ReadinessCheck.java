package dev.storerelay.adapter.management;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One condition of readiness (README, *Operations*): the database answers, the listener is bound, the relay is not
 * draining. The bootstrap builds them from the parts they ask about. A check answers quickly; one that asks something
 * that may hang is a {@link TimedCheck}.
 */
@FunctionalInterface
public interface ReadinessCheck {

    Result check();

    /** A check of something known at once: up while {@code up} says so. */
    static ReadinessCheck of(BooleanSupplier up) {
        Objects.requireNonNull(up, "up");
        return () -> up.getAsBoolean() ? Result.UP : Result.DOWN;
    }

    /**
     * @param took   how long the check took, when it asked something; {@code null} otherwise
     * @param reason why it is down, in a few words fit for anyone who can reach the endpoint (no address, no
     *               secret); {@code null} when up or when the name says it all
     */
    record Result(boolean up, Duration took, String reason) {
        public static final Result UP = new Result(true, null, null);
        public static final Result DOWN = new Result(false, null, null);

        static Result up(Duration took) {
            return new Result(true, took, null);
        }

        static Result down(Duration took, String reason) {
            return new Result(false, took, reason);
        }
    }
}
