package dev.storerelay.application.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a message's attempt history, oldest first in lists.
 *
 * @param counted whether it was a real delivery attempt (a hold reached no server and does not count)
 * @param held    the store had no effective server at that moment
 * @param summary what happened, e.g. "0 of 1 recipient(s) delivered; a@b.example: pending, connection refused"
 */
public record AttemptView(Instant at, boolean counted, boolean held, String summary) {
    public AttemptView {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(summary, "summary");
    }
}
