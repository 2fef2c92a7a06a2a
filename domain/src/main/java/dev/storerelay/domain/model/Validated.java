package dev.storerelay.domain.model;

import java.util.List;
import java.util.Objects;

/** The outcome of validating input: the valid value, or every violation found (not just the first). */
public sealed interface Validated<T> {

    record Valid<T>(T value) implements Validated<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    record Invalid<T>(List<Violation> violations) implements Validated<T> {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one violation");
            }
        }
    }
}
