package dev.storerelay.domain.model;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The OAuth 2.0 part of a connection block (README, *OAuth 2.0 tokens*): who issues the relay's access tokens and how
 * the relay proves who it is. Only a consistent value exists; {@link #check} names every problem of a candidate by its
 * field, for the settings form and the API. Secrets are {@link Secret}s: never shown, never logged.
 *
 * @param tenantId              Microsoft 365 only: the tenant's GUID or one of its verified domains
 * @param clientSecret          {@code client_secret_basic}; or instead {@code privateKeyPem} with {@code certificatePem}
 *                              ({@code private_key_jwt}, Microsoft's certificate credential)
 * @param serviceAccountJson    Google {@link OAuth2Grant#JWT_BEARER}: the service account's key file
 * @param tokenEndpoint         {@link OAuth2Provider#GENERIC} only (required there), {@code https}
 * @param authorizationEndpoint {@link OAuth2Provider#GENERIC} with {@link OAuth2Grant#REFRESH_TOKEN} only: where an
 *                              admin signs in for the refresh token; optional (a pasted token needs none), {@code https}
 * @param scope                 {@link OAuth2Provider#GENERIC} only (required there)
 * @param refreshToken          {@link OAuth2Grant#REFRESH_TOKEN} only; {@code null} until an admin has signed in
 */
public record OAuth2Settings(OAuth2Provider provider, OAuth2Grant grant, String tenantId, String clientId,
                             Secret clientSecret, Secret privateKeyPem, String certificatePem,
                             Secret serviceAccountJson, String tokenEndpoint, String authorizationEndpoint,
                             String scope, Secret refreshToken) {
    public static final String PREFIX = "oauth2.";
    public static final String PROVIDER = PREFIX + "provider";
    public static final String GRANT = PREFIX + "grant";
    public static final String TENANT_ID = PREFIX + "tenantId";
    public static final String CLIENT_ID = PREFIX + "clientId";
    public static final String CLIENT_SECRET = PREFIX + "clientSecret";
    public static final String PRIVATE_KEY_PEM = PREFIX + "privateKeyPem";
    public static final String CERTIFICATE_PEM = PREFIX + "certificatePem";
    public static final String SERVICE_ACCOUNT_JSON = PREFIX + "serviceAccountJson";
    public static final String TOKEN_ENDPOINT = PREFIX + "tokenEndpoint";
    public static final String AUTHORIZATION_ENDPOINT = PREFIX + "authorizationEndpoint";
    public static final String SCOPE = PREFIX + "scope";
    public static final String REFRESH_TOKEN = PREFIX + "refreshToken";

    public static final int MAX_TEXT = 255;
    public static final int MAX_ENDPOINT = 2048;
    public static final int MAX_SCOPE = 1024;
    public static final int MAX_CLIENT_SECRET = 1024;
    public static final int MAX_REFRESH_TOKEN = 16 * 1024;
    /** A PEM key or certificate, or a service account's key file: a few KiB; room for a chain. */
    public static final int MAX_DOCUMENT = 32 * 1024;


    public OAuth2Settings {
        List<Violation> problems = check(provider, grant, tenantId, clientId, clientSecret, privateKeyPem, certificatePem,
                serviceAccountJson, tokenEndpoint, authorizationEndpoint, scope, refreshToken);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("inconsistent OAuth 2.0 settings: " + problems);
        }
    }

    /**
     * Every problem of these values as OAuth 2.0 settings, each tied to its field ({@link #CLIENT_ID} …); empty when
     * they make valid settings. Blank texts count as not given.
     */
    public static List<Violation> check(OAuth2Provider provider, OAuth2Grant grant, String tenantId, String clientId,
                                        Secret clientSecret, Secret privateKeyPem, String certificatePem,
                                        Secret serviceAccountJson, String tokenEndpoint, String authorizationEndpoint,
                                        String scope, Secret refreshToken) {
        return OAuth2SettingsCheck.check(provider, grant, tenantId, clientId, clientSecret, privateKeyPem,
                certificatePem, serviceAccountJson, tokenEndpoint, authorizationEndpoint, scope, refreshToken);
    }

    /** The endpoint tokens come from: the provider's preset, or the settings' own for {@link OAuth2Provider#GENERIC}. */
    public URI effectiveTokenEndpoint() {
        return provider.presetTokenEndpoint(tenantId).orElseGet(() -> URI.create(tokenEndpoint.strip()));
    }

    /** Where an admin signs in for a refresh token; empty for a generic provider that names none. */
    public Optional<URI> effectiveAuthorizationEndpoint() {
        Optional<URI> preset = provider.presetAuthorizationEndpoint(tenantId);
        if (preset.isPresent() || Texts.isBlank(authorizationEndpoint)) {
            return preset;
        }
        return Optional.of(URI.create(authorizationEndpoint.strip()));
    }

    /** The scope tokens are asked for: the provider's preset, or the settings' own. */
    public String effectiveScope() {
        return provider.presetScope(grant).orElseGet(() -> scope.strip());
    }

    /** How the relay proves who it is to the token endpoint. */
    public ClientCredential clientCredential() {
        if (clientSecret != null) {
            return new ClientCredential.ClientSecret(clientSecret);
        }
        if (privateKeyPem != null) {
            return new ClientCredential.Certificate(privateKeyPem, certificatePem);
        }
        if (serviceAccountJson != null) {
            return new ClientCredential.ServiceAccount(serviceAccountJson);
        }
        return new ClientCredential.PublicClient();
    }

    /** The same settings with another refresh token (an admin signed in again, or the provider rotated it). */
    public OAuth2Settings withRefreshToken(Secret token) {
        return new OAuth2Settings(provider, grant, tenantId, clientId, clientSecret, privateKeyPem, certificatePem,
                serviceAccountJson, tokenEndpoint, authorizationEndpoint, scope, token);
    }

    /** How the relay authenticates itself as an OAuth 2.0 client. */
    public sealed interface ClientCredential {
        /** {@code client_secret_basic}. */
        record ClientSecret(Secret secret) implements ClientCredential {
        }

        /** {@code private_key_jwt} with this key; the certificate names it (its thumbprint is the JWT's {@code x5t}). */
        record Certificate(Secret privateKeyPem, String certificatePem) implements ClientCredential {
        }

        /** Google's service account key file: the key that signs the assertion, and the account's address. */
        record ServiceAccount(Secret json) implements ClientCredential {
        }

        /** No client authentication (a public client with a refresh token obtained with PKCE). */
        record PublicClient() implements ClientCredential {
        }
    }

    @Override
    public String toString() {
        return "OAuth2Settings[" + provider + ", " + grant + ", client " + clientId + "]";
    }
}
