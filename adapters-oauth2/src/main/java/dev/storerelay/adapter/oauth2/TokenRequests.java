package dev.storerelay.adapter.oauth2;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.OAuth2Settings.ClientCredential;
import dev.storerelay.domain.model.Secret;

import java.net.URI;
import java.time.Instant;

/**
 * The token request of each grant (README, *OAuth 2.0 tokens*), with the client's credential as the settings give it.
 */
final class TokenRequests {
    /** Microsoft issues refresh tokens only for this scope (Microsoft identity platform, "offline_access"). */
    static final String OFFLINE_ACCESS = "offline_access";

    private TokenRequests() {
    }

    /**
     * The request for an access token of the settings' grant.
     *
     * @param subject      the mailbox ({@code sub} of a JWT bearer grant); unused otherwise
     * @param refreshToken the refresh token to use for {@code REFRESH_TOKEN}; unused otherwise
     * @throws IllegalArgumentException when a key, certificate or key file of the settings is unusable
     */
    static TokenRequest accessToken(OAuth2Settings settings, String subject, Secret refreshToken, Instant now) {
        URI endpoint = settings.effectiveTokenEndpoint();
        ClientCredential credential = settings.clientCredential();
        switch (settings.grant()) {
            case CLIENT_CREDENTIALS:
                return new TokenRequest.Builder(endpoint, clientAuthentication(settings, endpoint, now), new ClientCredentialsGrant())
                        .scope(Scope.parse(settings.effectiveScope())).build();
            case JWT_BEARER:
                if (credential instanceof ClientCredential.ServiceAccount account) {
                    // Google takes the scope from the assertion and no client authentication.
                    return new TokenRequest.Builder(endpoint, new JWTBearerGrant(
                            Assertions.serviceAccountBearer(account, subject, settings.effectiveScope(), endpoint, now))).build();
                }
                return new TokenRequest.Builder(endpoint, new JWTBearerGrant(Assertions.bearer(settings.clientId(),
                        (ClientCredential.Certificate) credential, subject, endpoint, now)))
                        .scope(Scope.parse(settings.effectiveScope())).build();
            case REFRESH_TOKEN:
                return withClient(settings, endpoint, new RefreshTokenGrant(new RefreshToken(refreshToken.reveal())), now)
                        .scope(delegatedScope(settings)).build();
            default:
                throw new IllegalStateException("unknown grant " + settings.grant());
        }
    }

    /** A request with the client's authentication, or only its id for a public client (RFC 6749 §3.2.1). */
    static TokenRequest.Builder withClient(OAuth2Settings settings, URI endpoint, AuthorizationGrant grant, Instant now) {
        ClientAuthentication authentication = clientAuthentication(settings, endpoint, now);
        return authentication == null
                ? new TokenRequest.Builder(endpoint, new ClientID(settings.clientId()), grant)
                : new TokenRequest.Builder(endpoint, authentication, grant);
    }

    /** The scope of a delegated token: the settings' scope, plus {@code offline_access} at Microsoft. */
    static Scope delegatedScope(OAuth2Settings settings) {
        Scope scope = Scope.parse(settings.effectiveScope());
        if (settings.provider() == OAuth2Provider.MICROSOFT_365) {
            scope.add(OFFLINE_ACCESS);
        }
        return scope;
    }

    /** {@code client_secret_basic}, {@code private_key_jwt}, or {@code null} for a client without a credential. */
    private static ClientAuthentication clientAuthentication(OAuth2Settings settings, URI endpoint, Instant now) {
        ClientCredential credential = settings.clientCredential();
        if (credential instanceof ClientCredential.ClientSecret secret) {
            return new ClientSecretBasic(new ClientID(settings.clientId()),
                    new com.nimbusds.oauth2.sdk.auth.Secret(secret.secret().reveal()));
        }
        if (credential instanceof ClientCredential.Certificate certificate) {
            return new PrivateKeyJWT(Assertions.clientAssertion(settings.clientId(), certificate, endpoint, now));
        }
        return null;
    }
}
