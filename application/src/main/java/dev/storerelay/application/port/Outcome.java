package dev.storerelay.application.port;

import dev.storerelay.domain.model.Violation;

import java.util.List;
import java.util.Objects;

/** The result of a command that changes configuration. */
public sealed interface Outcome {

    /** The change is stored. */
    record Done() implements Outcome {
    }

    /** The unit (or other subject) does not exist. */
    record NotFound(String what) implements Outcome {
        public NotFound {
            Objects.requireNonNull(what, "what");
        }
    }

    /** The input is wrong; each violation names its field. */
    record Invalid(List<Violation> violations) implements Outcome {
        public Invalid {
            violations = List.copyOf(violations);
        }
    }

    /** The input is fine but conflicts with the current state (e.g. removing a unit that has children). */
    record Conflict(List<Violation> violations) implements Outcome {
        public Conflict {
            violations = List.copyOf(violations);
        }
    }

    static Outcome done() {
        return new Done();
    }
}
