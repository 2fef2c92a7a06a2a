package dev.storerelay.adapter.oauth2;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.storerelay.adapter.oauth2.TokenSlot.Cached;
import dev.storerelay.adapter.oauth2.TokenSlot.Chain;
import dev.storerelay.adapter.oauth2.TokenSlot.Failure;
import dev.storerelay.adapter.oauth2.TokenSlot.State;
import dev.storerelay.application.port.out.AccessTokenPort;
import dev.storerelay.application.port.out.RefreshTokenRotationPort;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Identity;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * Access tokens by the token rules of README, *OAuth 2.0 tokens*, from the token endpoint through Nimbus. One {@link
 * TokenSlot} per identity: its token is handed to every caller until {@link TokenLifetime#margin} before it expires;
 * then, or when none is cached, the first caller requests a new one on its own thread while later callers wait for that
 * one answer (single flight). A failure is answered again, without a request, until its backoff has passed; the backoff
 * doubles with each failure in a row and a success ends it. No thread of its own.
 */
final class NimbusTokenClient implements AccessTokenPort {
    private static final Logger LOG = LoggerFactory.getLogger(NimbusTokenClient.class);

    private final OAuth2ClientConfig config;
    private final TokenEndpoint endpoint;
    private final RefreshTokenRotationPort rotation;
    private final Clock clock;
    // One slot per identity ever asked for: they are few (one per client, or per mailbox of delegated logins) and small.
    private final ConcurrentMap<OAuth2Identity, TokenSlot> slots = new ConcurrentHashMap<>();

    NimbusTokenClient(OAuth2ClientConfig config, TokenEndpoint endpoint, RefreshTokenRotationPort rotation, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AccessToken accessToken(UpstreamLogin.OAuth2 login) {
        return obtain(login, null);
    }

    @Override
    public AccessToken replace(UpstreamLogin.OAuth2 login, AccessToken refused) {
        return obtain(login, Objects.requireNonNull(refused, "refused").value());
    }

    /** @param refused a token not to hand out again; {@code null} for none */
    private AccessToken obtain(UpstreamLogin.OAuth2 login, Secret refused) {
        Objects.requireNonNull(login, "login");
        TokenSlot slot = slots.computeIfAbsent(login.identity(), identity -> new TokenSlot());
        while (true) {
            State state = slot.state.get();
            if (state.flight() != null) {
                return await(state.flight());
            }
            Instant now = clock.instant();
            Cached cached = state.token();
            if (cached != null && cached.isFreshAt(now) && !cached.token().value().equals(refused)) {
                return cached.token();
            }
            Chain chain = state.chain();
            boolean newlySet = false;
            if (login.settings().grant() == OAuth2Grant.REFRESH_TOKEN) {
                Secret configured = login.settings().refreshToken();
                if (configured == null) {
                    throw new AccessTokenUnavailableException("OAuth 2.0 refresh token missing for " + login.identity()
                            + ": an admin must sign in with the mailbox on the settings page", null, null);
                }
                Chain following = Chain.following(chain, configured);
                newlySet = chain != null && following != chain;
                chain = following;
            }
            Failure failure = state.failure();
            if (failure != null && now.isBefore(failure.retryAt()) && !newlySet) {
                throw failure.exception();
            }
            CompletableFuture<AccessToken> flight = new CompletableFuture<>();
            if (slot.state.compareAndSet(state, state.flying(flight))) {
                return request(login, slot, newlySet ? null : failure, chain, flight);
            }
        }
    }

    /** The single flight: requests a token on this thread, records the outcome, and hands it to the waiting callers. */
    private AccessToken request(UpstreamLogin.OAuth2 login, TokenSlot slot, Failure previousFailure, Chain chain,
                                CompletableFuture<AccessToken> flight) {
        OAuth2Settings settings = login.settings();
        Instant sent = clock.instant();
        Secret refreshToken = chain == null ? null : chain.current();
        try {
            AccessTokenResponse response = endpoint.send(TokenRequests.accessToken(settings, login.username(), refreshToken, sent));
            Tokens tokens = response.getTokens();
            Duration lifetime = TokenLifetime.of(tokens.getAccessToken().getLifetime());
            AccessToken token = new AccessToken(new Secret(tokens.getAccessToken().getValue()), sent.plus(lifetime));
            Chain next = rotated(login, chain, tokens.getRefreshToken());
            slot.state.set(new State(new Cached(token, token.expiresAt().minus(TokenLifetime.margin(lifetime))), null, null, next));
            LOG.info("OAuth 2.0 token for {} obtained from {}, valid for {}", login.identity(),
                    TokenEndpoint.host(settings.effectiveTokenEndpoint()), lifetime);
            flight.complete(token);
            return token;
        } catch (TokenEndpointException e) {
            throw failed(login, slot, previousFailure, chain, flight, e.getMessage(), e.error(), e.getCause());
        } catch (IllegalArgumentException e) {
            // A key, certificate or key file of the settings that cannot be used: the admin must fix the settings.
            throw failed(login, slot, previousFailure, chain, flight, "OAuth 2.0 client credential of " + login.identity()
                    + " unusable: " + e.getMessage(), null, null);
        } catch (RuntimeException | Error e) {
            slot.state.set(new State(null, null, null, chain));
            flight.completeExceptionally(e);
            throw e;
        }
    }

    private AccessTokenUnavailableException failed(UpstreamLogin.OAuth2 login, TokenSlot slot, Failure previous, Chain chain,
                                                   CompletableFuture<AccessToken> flight, String message, String error,
                                                   Throwable cause) {
        Duration backoff = previous == null ? config.firstBackoff() : min(previous.backoff().multipliedBy(2), config.maxBackoff());
        Failure failure = new Failure(message, error, cause, clock.instant().plus(backoff), backoff);
        slot.state.set(new State(null, null, failure, chain));
        LOG.warn("{}; {} asks again in {} at the earliest", message, login.identity(), backoff);
        AccessTokenUnavailableException exception = failure.exception();
        flight.completeExceptionally(exception);
        return failure.exception();
    }

    /**
     * A refresh token in the answer that differs from the one sent replaces it (RFC 6749 §6): it is stored, and used
     * from now on even while the settings still hold the one before.
     */
    private Chain rotated(UpstreamLogin.OAuth2 login, Chain chain, RefreshToken issued) {
        if (chain == null || issued == null || issued.getValue().equals(chain.current().reveal())) {
            return chain;
        }
        Secret next = new Secret(issued.getValue());
        UnitId owner = login.identity().refreshTokenOwner();
        try {
            if (!rotation.rotated(owner, chain.current(), next)) {
                LOG.info("The rotated refresh token of {} was not stored: an admin changed unit {}'s settings meanwhile",
                        login.identity(), owner);
            }
        } catch (RuntimeException e) {
            // The new token is still used from memory; the settings' one may have stopped working.
            LOG.warn("The rotated refresh token of {} could not be stored on unit {}: {}", login.identity(), owner, e.toString());
        }
        return new Chain(chain.current(), next);
    }

    private static AccessToken await(CompletableFuture<AccessToken> flight) {
        try {
            return flight.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AccessTokenUnavailableException unavailable) {
                throw new AccessTokenUnavailableException(unavailable.getMessage(), unavailable.error().orElse(null),
                        unavailable.getCause());
            }
            throw new AccessTokenUnavailableException("OAuth 2.0 token request failed: " + cause, null, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessTokenUnavailableException("interrupted while waiting for an OAuth 2.0 token", null, e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
