package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.Sourced;

import java.util.Optional;

/**
 * A unit's rate limit: its own, and the effective one with the unit it comes from.
 *
 * @param own       {@code null} when the unit sets none
 * @param effective {@code null} when no unit on the path sets one (unlimited)
 */
public record RateLimitView(RateLimit own, Sourced<RateLimit> effective) {
    public Optional<RateLimit> ownLimit() {
        return Optional.ofNullable(own);
    }

    public Optional<Sourced<RateLimit>> effectiveLimit() {
        return Optional.ofNullable(effective);
    }
}
