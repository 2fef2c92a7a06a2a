package dev.storerelay.domain.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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
        List<Violation> problems = new ArrayList<>();
        if (provider == null) {
            problems.add(new Violation(PROVIDER, "Choose the provider: MICROSOFT_365, GOOGLE or GENERIC."));
        }
        if (grant == null) {
            problems.add(new Violation(GRANT, "Choose how the relay gets its tokens: CLIENT_CREDENTIALS, JWT_BEARER or REFRESH_TOKEN."));
        }
        if (Texts.isBlank(clientId)) {
            problems.add(new Violation(CLIENT_ID, "Enter the client id (application id) the provider gave the relay's registration."));
        } else if (!isOneLine(clientId, MAX_TEXT)) {
            problems.add(new Violation(CLIENT_ID, "The client id must be one line of at most " + MAX_TEXT + " characters."));
        }
        if (provider == OAuth2Provider.MICROSOFT_365) {
            if (Texts.isBlank(tenantId)) {
                problems.add(new Violation(TENANT_ID, "Enter the Microsoft Entra tenant: its id (a GUID) or a verified domain such as contoso.com."));
            } else if (!isTenantId(tenantId)) {
                problems.add(new Violation(TENANT_ID, "The tenant is a GUID (00000000-0000-0000-0000-000000000000) or a domain such as contoso.com."));
            }
        } else if (!Texts.isBlank(tenantId)) {
            problems.add(new Violation(TENANT_ID, "A tenant id is only for Microsoft 365."));
        }
        if (provider == OAuth2Provider.GENERIC) {
            requiredEndpoint(problems, TOKEN_ENDPOINT, tokenEndpoint, "Enter the provider's token endpoint (https://…).");
            if (!Texts.isBlank(authorizationEndpoint)) {
                requiredEndpoint(problems, AUTHORIZATION_ENDPOINT, authorizationEndpoint, null);
            }
            if (Texts.isBlank(scope)) {
                problems.add(new Violation(SCOPE, "Enter the scope the provider wants for sending mail over SMTP."));
            } else if (!isOneLine(scope, MAX_SCOPE)) {
                problems.add(new Violation(SCOPE, "The scope must be one line of at most " + MAX_SCOPE + " characters."));
            }
        } else if (provider != null) {
            String preset = provider.displayName() + " has its own";
            notGiven(problems, TOKEN_ENDPOINT, tokenEndpoint, preset + " token endpoint; it is only set for GENERIC.");
            notGiven(problems, AUTHORIZATION_ENDPOINT, authorizationEndpoint, preset + " sign-in page; it is only set for GENERIC.");
            notGiven(problems, SCOPE, scope, preset + " scope; it is only set for GENERIC.");
        }
        if (grant != OAuth2Grant.REFRESH_TOKEN && !Texts.isBlank(authorizationEndpoint) && provider == OAuth2Provider.GENERIC) {
            problems.add(new Violation(AUTHORIZATION_ENDPOINT, "A sign-in page is only used with the REFRESH_TOKEN grant."));
        }
        checkSecret(problems, CLIENT_SECRET, clientSecret, MAX_CLIENT_SECRET, true);
        checkSecret(problems, PRIVATE_KEY_PEM, privateKeyPem, MAX_DOCUMENT, false);
        checkSecret(problems, SERVICE_ACCOUNT_JSON, serviceAccountJson, MAX_DOCUMENT, false);
        checkSecret(problems, REFRESH_TOKEN, refreshToken, MAX_REFRESH_TOKEN, true);
        if (certificatePem != null && certificatePem.length() > MAX_DOCUMENT) {
            problems.add(new Violation(CERTIFICATE_PEM, "The certificate may have at most " + MAX_DOCUMENT + " characters."));
        }
        boolean certificate = !Texts.isBlank(certificatePem);
        if ((privateKeyPem != null) != certificate) {
            problems.add(new Violation(privateKeyPem == null ? PRIVATE_KEY_PEM : CERTIFICATE_PEM,
                    "A certificate credential needs both the private key and its certificate (PEM)."));
        }
        if (grant != null) {
            checkCredentials(problems, grant, clientSecret != null, privateKeyPem != null || certificate, serviceAccountJson != null);
        }
        if (refreshToken != null && grant != OAuth2Grant.REFRESH_TOKEN) {
            problems.add(new Violation(REFRESH_TOKEN, "A refresh token is only used with the REFRESH_TOKEN grant."));
        }
        return List.copyOf(problems);
    }

    /** Exactly one kind of client credential for the grant; a refresh token's client may be public (none). */
    private static void checkCredentials(List<Violation> problems, OAuth2Grant grant, boolean secret, boolean certificate,
                                         boolean serviceAccount) {
        switch (grant) {
            case CLIENT_CREDENTIALS:
                if (serviceAccount) {
                    problems.add(new Violation(SERVICE_ACCOUNT_JSON, "A service account key is used with the JWT_BEARER grant, not with client credentials."));
                }
                if (secret == certificate) {
                    problems.add(new Violation(CLIENT_SECRET, "Give exactly one client credential: a client secret, or a private key with its certificate."));
                }
                break;
            case JWT_BEARER:
                if (secret) {
                    problems.add(new Violation(CLIENT_SECRET, "The JWT_BEARER grant signs an assertion instead: give the service account key, or a private key with its certificate."));
                }
                if (serviceAccount == certificate) {
                    problems.add(new Violation(SERVICE_ACCOUNT_JSON, "Give exactly one signing key: the service account key (JSON), or a private key with its certificate."));
                }
                break;
            case REFRESH_TOKEN:
                if (serviceAccount) {
                    problems.add(new Violation(SERVICE_ACCOUNT_JSON, "A service account key is used with the JWT_BEARER grant, not with a refresh token."));
                }
                if (secret && certificate) {
                    problems.add(new Violation(CLIENT_SECRET, "Give at most one client credential: a client secret, or a private key with its certificate."));
                }
                break;
            default:
                throw new IllegalStateException("unknown grant " + grant);
        }
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

    private static boolean isTenantId(String tenantId) {
        String value = tenantId.strip();
        return GUID.matcher(value).matches() || value.indexOf('.') > 0 && ServerAddress.isValid(value)
                && !value.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static void requiredEndpoint(List<Violation> problems, String field, String value, String missing) {
        if (Texts.isBlank(value)) {
            problems.add(new Violation(field, missing));
            return;
        }
        if (!isHttpsUrl(value.strip())) {
            problems.add(new Violation(field, "Enter an https:// address (at most " + MAX_ENDPOINT + " characters); tokens never travel in plain text."));
        }
    }

    /** An absolute {@code https} URL with a host and no user info or fragment. */
    static boolean isHttpsUrl(String value) {
        if (value.length() > MAX_ENDPOINT || Texts.hasLineBreakOrNul(value)) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.getScheme() != null && "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void notGiven(List<Violation> problems, String field, String value, String message) {
        if (!Texts.isBlank(value)) {
            problems.add(new Violation(field, message));
        }
    }

    private static void checkSecret(List<Violation> problems, String field, Secret secret, int max, boolean oneLine) {
        if (secret == null) {
            return;
        }
        String value = secret.reveal();
        if (value.length() > max || oneLine && Texts.hasLineBreakOrNul(value)) {
            problems.add(new Violation(field, (oneLine ? "Must be one line of at most " : "May have at most ") + max + " characters."));
        }
    }

    private static boolean isOneLine(String value, int max) {
        return value.length() <= max && !Texts.hasLineBreakOrNul(value);
    }
}
