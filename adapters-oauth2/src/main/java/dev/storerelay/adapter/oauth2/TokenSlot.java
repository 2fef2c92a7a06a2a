package dev.storerelay.adapter.oauth2;

import dev.storerelay.application.port.out.AccessTokenPort.AccessToken;
import dev.storerelay.application.port.out.AccessTokenPort.AccessTokenUnavailableException;
import dev.storerelay.domain.model.Secret;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the relay knows of one identity's tokens. The state is an immutable value replaced by compare-and-set while no
 * request is under way; the caller whose compare-and-set puts a {@link State#flight} in owns the request, and only it
 * replaces the state until the flight is over. Everyone else waits for the flight's answer.
 */
final class TokenSlot {
    final AtomicReference<State> state = new AtomicReference<>(State.EMPTY);

    /**
     * @param token   the cached token; {@code null} when there is none
     * @param flight  the request under way; {@code null} when there is none
     * @param failure the last request's failure while its backoff lasts; {@code null} after a success
     * @param chain   the refresh tokens of a {@code REFRESH_TOKEN} identity; {@code null} for other grants
     */
    record State(Cached token, CompletableFuture<AccessToken> flight, Failure failure, Chain chain) {
        static final State EMPTY = new State(null, null, null, null);

        State flying(CompletableFuture<AccessToken> next) {
            return new State(token, next, failure, chain);
        }
    }

    /** A token and when it is renewed: from then on it is not handed out any more. */
    record Cached(AccessToken token, Instant renewAt) {
        boolean isFreshAt(Instant now) {
            return now.isBefore(renewAt);
        }
    }

    /** A failed request: answered again without a request until {@code retryAt}. */
    record Failure(String message, String error, Throwable cause, Instant retryAt, Duration backoff) {
        /** A new exception for each caller: one instance thrown on many threads would share its suppressed list. */
        AccessTokenUnavailableException exception() {
            return new AccessTokenUnavailableException(message, error, cause);
        }
    }

    /**
     * The refresh tokens of a delegated identity. When the provider rotates the refresh token the relay stores the new
     * one, but the settings it is given may still hold the one before until the configuration reloads: both belong to
     * this chain, whose {@code current} token is used. Any other refresh token in the settings is one an admin set, and
     * starts a new chain.
     */
    record Chain(Secret previous, Secret current) {
        /** The chain to follow when the settings hold {@code configured}. */
        static Chain following(Chain chain, Secret configured) {
            if (chain != null && (configured.equals(chain.current) || configured.equals(chain.previous))) {
                return chain;
            }
            return new Chain(null, configured);
        }
    }
}
