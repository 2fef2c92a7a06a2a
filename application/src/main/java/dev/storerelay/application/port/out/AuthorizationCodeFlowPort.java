package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * "Sign in with …" on the admin page: the OAuth 2.0 authorization-code flow with PKCE (RFC 6749 §4.1, RFC 7636) that
 * gets a unit its refresh token for the {@link dev.storerelay.domain.model.OAuth2Grant#REFRESH_TOKEN} grant. The caller
 * sends the admin's browser to {@link Start#authorizationUrl()}, keeps {@link Start#state()} and
 * {@link Start#codeVerifier()} on the server side (never in the browser), checks that the redirect back carries the same
 * state, and hands its {@code code} to {@link #finish}.
 */
public interface AuthorizationCodeFlowPort {

    /**
     * Where to send the admin to sign in with the mailbox: the provider's authorization endpoint with the client id,
     * the scope (and what it takes to get a refresh token: {@code offline_access} at Microsoft, {@code access_type=offline}
     * and {@code prompt=consent} at Google), a fresh {@code state} and an S256 code challenge. Makes no request.
     *
     * @param redirectUri where the provider sends the browser back; it must be registered with the provider
     * @param loginHint   the mailbox to suggest on the sign-in page; {@code null} for none
     * @throws IllegalArgumentException when the settings name no authorization endpoint (a {@code GENERIC} provider
     *                                  without one), or their grant is not {@code REFRESH_TOKEN}
     */
    Start start(OAuth2Settings settings, URI redirectUri, String loginHint);

    /**
     * Exchanges the code from the redirect for tokens at the token endpoint, authenticated with the settings' client
     * credential (none for a public client) and the code verifier, and returns the refresh token. The access token
     * that comes with it is not kept.
     *
     * @param redirectUri  the same as given to {@link #start}
     * @param codeVerifier {@link Start#codeVerifier()} of the same flow
     * @throws AuthorizationCodeFlowException when the endpoint is unreachable, refuses the code (its error names why),
     *                                        or answers without a refresh token
     */
    Result finish(OAuth2Settings settings, URI redirectUri, String code, Secret codeVerifier) throws AuthorizationCodeFlowException;

    /**
     * The first half of a sign-in.
     *
     * @param state        the value the redirect back must carry (CSRF protection, RFC 6749 §10.12)
     * @param codeVerifier the PKCE verifier; a secret for the duration of the flow
     */
    record Start(URI authorizationUrl, String state, Secret codeVerifier) {
        public Start {
            Objects.requireNonNull(authorizationUrl, "authorizationUrl");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(codeVerifier, "codeVerifier");
        }
    }

    /**
     * What the sign-in gave.
     *
     * @param account the account signed in with (the ID token's {@code email}, else {@code preferred_username}), when
     *                the provider said; the caller may compare it with the unit's mailbox
     */
    record Result(Secret refreshToken, Optional<String> account) {
        public Result {
            Objects.requireNonNull(refreshToken, "refreshToken");
            Objects.requireNonNull(account, "account");
        }

        @Override
        public String toString() {
            return "Result[refresh token, account " + account.orElse("(not said)") + "]";
        }
    }

    /**
     * The code could not be exchanged. The message names the endpoint's host and its error, e.g. {@code OAuth 2.0
     * token refused by login.example.net: invalid_grant (the code has expired)}; never a secret or code.
     */
    final class AuthorizationCodeFlowException extends Exception {
        private final String error;

        /** @param error the endpoint's OAuth 2.0 error code; {@code null} when it gave none */
        public AuthorizationCodeFlowException(String message, String error, Throwable cause) {
            super(Objects.requireNonNull(message, "message"), cause);
            this.error = error;
        }

        /** The token endpoint's error code, when it answered with one. */
        public Optional<String> error() {
            return Optional.ofNullable(error);
        }
    }
}
