package dev.storerelay.domain.model;

import java.util.Objects;

/**
 * What a well-known upstream reply means and what to do about it, in words an admin of the chain understands.
 *
 * @param cause what went wrong, e.g. "Microsoft 365 no longer accepts a password login …"
 * @param fix   exactly what to change and where: in the relay's settings, or at the provider
 */
public record ReplyAdvice(String cause, String fix) {
    public ReplyAdvice {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(fix, "fix");
        if (cause.isBlank() || fix.isBlank()) {
            throw new IllegalArgumentException("advice needs a cause and a fix");
        }
    }
}
