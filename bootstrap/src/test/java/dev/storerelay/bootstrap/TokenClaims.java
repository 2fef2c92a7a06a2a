package dev.storerelay.bootstrap;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link MockAuthorizationServer}'s tokens say, per grant, in the manner of Entra ID: an app-only token (client
 * credentials) has the client as {@code sub} and {@code idtyp: app}; a delegated one the mailbox's account as
 * {@code sub} (for the JWT bearer grant the mock keeps the assertion's subject itself); {@code azp} names the client
 * and {@code aud} the requested scope. The mock asks this callback for every token it signs.
 */
final class TokenClaims implements OAuth2TokenCallback {
    private static final List<String> OIDC_SCOPES = Arrays.stream(OIDCScopeValue.values()).map(Scope.Value::getValue).toList();

    private final String issuerId;
    private volatile String signInAccount;
    private volatile long lifetimeSeconds = Duration.ofHours(1).toSeconds();

    TokenClaims(String issuerId, String signInAccount) {
        this.issuerId = issuerId;
        this.signInAccount = signInAccount;
    }

    void lifetime(Duration lifetime) {
        lifetimeSeconds = lifetime.toSeconds();
    }

    void signInAccount(String account) {
        signInAccount = account;
    }

    @Override
    public String issuerId() {
        return issuerId;
    }

    /** Not asked for the JWT bearer grant: the mock keeps the assertion's {@code sub}. */
    @Override
    public String subject(TokenRequest request) {
        return isAppOnly(request) ? clientId(request) : signInAccount;
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return JOSEObjectType.JWT.getType();
    }

    @Override
    public List<String> audience(TokenRequest request) {
        Scope scope = request.getScope();
        if (scope == null && request.getAuthorizationGrant() instanceof JWTBearerGrant bearer) {
            scope = assertionScope(bearer);                  // Google's service account puts it in the assertion
        }
        List<String> audience = scope == null ? List.of()
                : scope.toStringList().stream().filter(value -> !OIDC_SCOPES.contains(value)).toList();
        return audience.isEmpty() ? List.of("default") : audience;
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        Map<String, Object> claims = new LinkedHashMap<>();
        String client = clientId(request);
        if (client != null) {
            claims.put("azp", client);
        }
        if (isAppOnly(request)) {
            claims.put("idtyp", "app");
        } else if (!GrantType.JWT_BEARER.equals(request.getAuthorizationGrant().getType())) {
            // A sign-in without the mock's login page (a login's own claims come after these and win).
            claims.put("email", signInAccount);
        }
        return claims;
    }

    @Override
    public long tokenExpiry() {
        return lifetimeSeconds;
    }

    private static boolean isAppOnly(TokenRequest request) {
        return GrantType.CLIENT_CREDENTIALS.equals(request.getAuthorizationGrant().getType());
    }

    /** The client: authenticated, named in {@code client_id}, or the issuer of a JWT bearer assertion. */
    static String clientId(TokenRequest request) {
        if (request.getClientAuthentication() != null) {
            return request.getClientAuthentication().getClientID().getValue();
        }
        if (request.getClientID() != null) {
            return request.getClientID().getValue();
        }
        if (request.getAuthorizationGrant() instanceof JWTBearerGrant bearer) {
            try {
                return bearer.getJWTAssertion().getJWTClaimsSet().getIssuer();
            } catch (ParseException e) {
                return null;
            }
        }
        return null;
    }

    private static Scope assertionScope(JWTBearerGrant bearer) {
        try {
            String scope = bearer.getJWTAssertion().getJWTClaimsSet().getStringClaim("scope");
            return scope == null ? null : Scope.parse(scope);
        } catch (ParseException e) {
            return null;
        }
    }
}
