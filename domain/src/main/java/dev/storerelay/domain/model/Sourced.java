package dev.storerelay.domain.model;

import java.util.Objects;

/** An effective value together with where it came from. */
public record Sourced<T>(T value, Provenance source) {
    public Sourced {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }
}
