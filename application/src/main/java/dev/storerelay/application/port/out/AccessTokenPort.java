package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UpstreamLogin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Access tokens for OAuth 2.0 logins upstream (SASL XOAUTH2), by the token rules of README, *OAuth 2.0 tokens*: one
 * token per {@link dev.storerelay.domain.model.OAuth2Identity identity}, shared by every delivery and cached until
 * shortly before it expires; at most one token request in flight per identity; a failed request is not repeated for
 * every queued message (the failure is answered again until a backoff has passed). Tokens live in memory only.
 */
public interface AccessTokenPort {

    /**
     * A token for the login's identity that is valid for a while yet: the cached one, or a new one from the token
     * endpoint. Blocks while another caller's request for the same identity is under way, and takes its answer.
     *
     * @throws AccessTokenUnavailableException when no token can be had now (the endpoint is unreachable, or refused
     *                                         the request): a temporary failure, whose reason names the endpoint's error
     */
    AccessToken accessToken(UpstreamLogin.OAuth2 login);

    /**
     * The upstream server refused {@code refused}: it is forgotten and a new token obtained (unless another caller
     * replaced it meanwhile, whose new token is returned). Called at most once per delivery attempt.
     *
     * @throws AccessTokenUnavailableException as {@link #accessToken}
     */
    AccessToken replace(UpstreamLogin.OAuth2 login, AccessToken refused);

    /** An access token and when it expires; {@link #toString()} never shows it. */
    record AccessToken(Secret value, Instant expiresAt) {
        public AccessToken {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "AccessToken[expires " + expiresAt + "]";
        }
    }

    /**
     * No token now. The message names the endpoint and what it said, e.g. {@code OAuth 2.0 token refused by
     * login.example.net: invalid_client (AADSTS7000215: Invalid client secret provided)}, never a secret.
     */
    final class AccessTokenUnavailableException extends RuntimeException {
        private final String error;

        /** @param error the endpoint's OAuth 2.0 error code ({@code invalid_client} …); {@code null} when it gave none */
        public AccessTokenUnavailableException(String message, String error, Throwable cause) {
            super(Objects.requireNonNull(message, "message"), cause);
            this.error = error;
        }

        /** The token endpoint's error code, when it answered with one. */
        public Optional<String> error() {
            return Optional.ofNullable(error);
        }
    }
}
