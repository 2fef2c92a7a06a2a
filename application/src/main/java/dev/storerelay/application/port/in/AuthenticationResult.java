package dev.storerelay.application.port.in;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What came of a user name and password: who it is, a refusal, or no answer at all because this user name has
 * failed too often from this client address lately and must wait (the password was not even checked).
 *
 * @param <T> what a successful sign-in yields: the admin user, the relay credential's unit
 */
public sealed interface AuthenticationResult<T> {

    /** The signed-in identity; empty when refused or throttled. */
    Optional<T> authenticated();

    /** The password matched. */
    record Authenticated<T>(T identity) implements AuthenticationResult<T> {
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
        }

        @Override
        public Optional<T> authenticated() {
            return Optional.of(identity);
        }
    }

    /** Unknown user name or wrong password (which of the two is not told). */
    record Refused<T>() implements AuthenticationResult<T> {
        @Override
        public Optional<T> authenticated() {
            return Optional.empty();
        }
    }

    /** Not checked: too many recent failures of this user name from this address; try again at {@code until}. */
    record Throttled<T>(Instant until) implements AuthenticationResult<T> {
        public Throttled {
            Objects.requireNonNull(until, "until");
        }

        @Override
        public Optional<T> authenticated() {
            return Optional.empty();
        }
    }
}
