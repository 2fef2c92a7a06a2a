package dev.storerelay.domain.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static dev.storerelay.domain.model.OAuth2Settings.AUTHORIZATION_ENDPOINT;
import static dev.storerelay.domain.model.OAuth2Settings.CERTIFICATE_PEM;
import static dev.storerelay.domain.model.OAuth2Settings.CLIENT_ID;
import static dev.storerelay.domain.model.OAuth2Settings.CLIENT_SECRET;
import static dev.storerelay.domain.model.OAuth2Settings.GRANT;
import static dev.storerelay.domain.model.OAuth2Settings.MAX_CLIENT_SECRET;
import static dev.storerelay.domain.model.OAuth2Settings.MAX_DOCUMENT;
import static dev.storerelay.domain.model.OAuth2Settings.MAX_ENDPOINT;
import static dev.storerelay.domain.model.OAuth2Settings.MAX_REFRESH_TOKEN;
import static dev.storerelay.domain.model.OAuth2Settings.MAX_SCOPE;
import static dev.storerelay.domain.model.OAuth2Settings.MAX_TEXT;
import static dev.storerelay.domain.model.OAuth2Settings.PRIVATE_KEY_PEM;
import static dev.storerelay.domain.model.OAuth2Settings.PROVIDER;
import static dev.storerelay.domain.model.OAuth2Settings.REFRESH_TOKEN;
import static dev.storerelay.domain.model.OAuth2Settings.SCOPE;
import static dev.storerelay.domain.model.OAuth2Settings.SERVICE_ACCOUNT_JSON;
import static dev.storerelay.domain.model.OAuth2Settings.TENANT_ID;
import static dev.storerelay.domain.model.OAuth2Settings.TOKEN_ENDPOINT;

/** The rules OAuth 2.0 settings must keep, field by field: {@link OAuth2Settings#check}. */
final class OAuth2SettingsCheck {
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private OAuth2SettingsCheck() {
    }

    /**
     * Every problem of these values as OAuth 2.0 settings, each tied to its field ({@link #CLIENT_ID} …); empty when
     * they make valid settings. Blank texts count as not given.
     */
    static List<Violation> check(OAuth2Provider provider, OAuth2Grant grant, String tenantId, String clientId,
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
