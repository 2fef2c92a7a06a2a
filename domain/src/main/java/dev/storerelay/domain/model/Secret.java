package dev.storerelay.domain.model;

import java.util.Objects;

/**
 * A password or other secret. {@link #toString()} never shows the value, so a secret that ends up in a log
 * line or an exception message by accident still does not leak.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
        this.value = value;
    }

    /** The secret itself; call only where it is really used (encryption, an upstream login). */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && value.equals(secret.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "******";
    }
}
