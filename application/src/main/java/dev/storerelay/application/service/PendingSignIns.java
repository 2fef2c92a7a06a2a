package dev.storerelay.application.service;

import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sign-ins for a refresh token that have begun and not ended, by their state; in memory, because they last minutes
 * (a restart ends them: the admin signs in again). Bounded: when full, the oldest gives way (a put at capacity may find the map briefly one over while others put). A sign-in is taken out
 * by its first completion, whatever comes of it, so a state is good for one completion only.
 */
final class PendingSignIns {
    private final int capacity;
    private final Map<String, Begun> byState = new ConcurrentHashMap<>();
    private final AtomicLong begun = new AtomicLong();

    /** A sign-in and when it began among the others. */
    private record Begun(PendingSignIn signIn, long order) {
    }

    PendingSignIns(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    void put(String state, PendingSignIn signIn, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(signIn, "signIn");
        byState.values().removeIf(pending -> pending.signIn().lapsed(now));
        while (byState.size() >= capacity) {
            byState.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().order()))
                    .ifPresent(oldest -> byState.remove(oldest.getKey(), oldest.getValue()));
        }
        byState.put(state, new Begun(signIn, begun.incrementAndGet()));
    }

    /** The sign-in of this state, removed; empty when unknown, already taken, or lapsed. */
    Optional<PendingSignIn> take(String state, Instant now) {
        if (state == null) {
            return Optional.empty();
        }
        Begun found = byState.remove(state);
        return found == null || found.signIn().lapsed(now) ? Optional.empty() : Optional.of(found.signIn());
    }

    int size() {
        return byState.size();
    }

    /**
     * What the server keeps of a begun sign-in: never given to the browser.
     *
     * @param settings    the unit's OAuth 2.0 settings the sign-in began with: the code is exchanged with their client
     * @param verifier    the PKCE code verifier
     * @param mailbox     the unit's login when the sign-in began
     * @param byUser      the admin who began it
     * @param redirectUri the redirect URI of the authorization request, which the exchange must repeat
     */
    record PendingSignIn(UnitId unit, OAuth2Settings settings, Secret verifier, String mailbox, String byUser,
                         URI redirectUri, Instant expires) {
        PendingSignIn {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(byUser, "byUser");
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(expires, "expires");
        }

        boolean lapsed(Instant now) {
            return !now.isBefore(expires);
        }
    }
}
