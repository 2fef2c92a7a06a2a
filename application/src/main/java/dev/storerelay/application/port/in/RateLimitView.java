package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.ConnectionLimit;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.Sourced;

import java.util.Optional;

/**
 * A unit's delivery limits: its own, and the effective ones with the unit each comes from.
 *
 * @param own                  {@code null} when the unit sets no rate
 * @param effective            {@code null} when no unit on the path sets a rate (unlimited)
 * @param ownConnections       {@code null} when the unit sets no connection cap
 * @param effectiveConnections {@code null} when no unit on the path sets one (the operator's default applies)
 */
public record RateLimitView(RateLimit own, Sourced<RateLimit> effective, ConnectionLimit ownConnections,
                            Sourced<ConnectionLimit> effectiveConnections) {
    public Optional<RateLimit> ownLimit() {
        return Optional.ofNullable(own);
    }

    public Optional<Sourced<RateLimit>> effectiveLimit() {
        return Optional.ofNullable(effective);
    }
}
