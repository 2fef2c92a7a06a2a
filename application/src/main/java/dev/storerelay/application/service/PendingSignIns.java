package dev.storerelay.application.service;

import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;

import java.net.URI;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sign-ins for a refresh token that have begun and not ended, by their state; in memory, because they last minutes
 * (a restart ends them: the admin signs in again). Bounded: when full, the oldest gives way. A sign-in is taken out
 * by its first completion, whatever comes of it, so a state is good for one completion only.
 */
final class PendingSignIns {
    private final int capacity;
    private final Map<String, PendingSignIn> byState = new LinkedHashMap<>();

    PendingSignIns(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void put(String state, PendingSignIn signIn, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(signIn, "signIn");
        byState.values().removeIf(pending -> pending.lapsed(now));
        for (Iterator<String> oldest = byState.keySet().iterator(); byState.size() >= capacity && oldest.hasNext(); ) {
            oldest.next();
            oldest.remove();
        }
        byState.put(state, signIn);
    }

    /** The sign-in of this state, removed; empty when unknown, already taken, or lapsed. */
    synchronized Optional<PendingSignIn> take(String state, Instant now) {
        if (state == null) {
            return Optional.empty();
        }
        PendingSignIn found = byState.remove(state);
        return found == null || found.lapsed(now) ? Optional.empty() : Optional.of(found);
    }

    synchronized int size() {
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
