package dev.storerelay.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The failed password attempts of one user name from one client address since its failures were last forgotten.
 *
 * @param count how many failed in a row, at least 1
 * @param last  when the latest one failed
 */
public record FailedAttempts(int count, Instant last) {
    public FailedAttempts {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        Objects.requireNonNull(last, "last");
    }
}
