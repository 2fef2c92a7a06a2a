package dev.storerelay.domain.model;

import java.util.Objects;

/** One reason why input was refused, tied to the field (as the API and the form name it) that caused it. */
public record Violation(String field, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
