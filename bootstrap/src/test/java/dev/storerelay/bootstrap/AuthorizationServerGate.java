package dev.storerelay.bootstrap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.storerelay.bootstrap.MockAuthorizationServer.TokenRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The part of {@link MockAuthorizationServer} that does what mock-oauth2-server does not: it authenticates clients and
 * checks grants as a real provider does before the mock's own handler issues the tokens, and records every token
 * request and every token. It is the mock's only route, so it sees every request; all but token requests pass
 * unchanged.
 */
final class AuthorizationServerGate implements Route {
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** A registered client: {@code secret} for {@code client_secret_basic}, {@code certificate} for signed assertions. */
    record Client(String id, String secret, X509Certificate certificate) {
    }

    private final Route tokens;
    private final boolean rotateRefreshTokens;
    private final Supplier<URI> tokenEndpoint;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final List<TokenRequest> requests = new ArrayList<>();
    private final Set<String> issuedAccessTokens = new LinkedHashSet<>();
    private final List<String> issuedRefreshTokens = new ArrayList<>();
    private final Set<String> secretsSeen = new LinkedHashSet<>();
    // The refresh tokens that may be used now, and whose they are (rotation takes the used one out).
    private final Map<String, String> liveRefreshTokens = new HashMap<>();

    AuthorizationServerGate(Route tokens, boolean rotateRefreshTokens, Supplier<URI> tokenEndpoint) {
        this.tokens = tokens;
        this.rotateRefreshTokens = rotateRefreshTokens;
        this.tokenEndpoint = tokenEndpoint;
    }

    void register(Client client) {
        clients.put(client.id(), client);
    }

    synchronized List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized Set<String> secretsSeen() {
        return Set.copyOf(secretsSeen);
    }

    synchronized Set<String> issuedAccessTokens() {
        return Set.copyOf(issuedAccessTokens);
    }

    synchronized List<String> issuedRefreshTokens() {
        return List.copyOf(issuedRefreshTokens);
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        return true;
    }

    /** Serialised: the mock's handler keeps its codes and refresh tokens in plain hash maps. */
    @Override
    public synchronized OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        if (!"POST".equals(request.getMethod()) || !request.getUrl().encodedPath().endsWith("/token")) {
            return tokens.invoke(request);
        }
        Map<String, String> form = MockAuthorizationServer.form(request.getBody());
        String grant = form.get("grant_type");
        Authenticated client = authenticate(request.getHeaders().get("Authorization"), form);
        String refreshToken = "refresh_token".equals(grant) ? form.get("refresh_token") : null;
        String refusal = client.refusal != null ? client.refusal : grantRefusal(grant, client, form);
        if (refusal != null) {
            String error = client.refusal != null ? "invalid_client" : "invalid_grant";
            requests.add(new TokenRequest(grant, client.id, client.method, error, refreshToken));
            return error(client.refusal != null ? 401 : 400, error, refusal);
        }
        OAuth2HttpResponse response = tokens.invoke(request);
        String error = response.getStatus() == 200 ? null : "HTTP " + response.getStatus();
        requests.add(new TokenRequest(grant, client.id, client.method, error, refreshToken));
        if (error == null) {
            issued(response.getBody(), client.id, refreshToken);
        }
        return response;
    }

    /** Who the client is, and why it is refused ({@code invalid_client}), if it is. */
    private Authenticated authenticate(String authorization, Map<String, String> form) {
        secretsSeen.add(form.getOrDefault("client_assertion", ""));
        secretsSeen.add(form.getOrDefault("assertion", ""));
        secretsSeen.add(form.getOrDefault("refresh_token", ""));
        secretsSeen.remove("");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String[] credentials = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            String id = MockAuthorizationServer.form("id=" + credentials[0]).get("id");
            String secret = MockAuthorizationServer.form("s=" + credentials[1]).get("s");
            secretsSeen.add(secret);
            Client known = clients.get(id);
            String refusal = known == null ? "unknown client " + id
                    : known.secret() == null || !known.secret().equals(secret) ? "client authentication failed: wrong client secret" : null;
            return new Authenticated(id, "client_secret_basic", refusal);
        }
        if (CLIENT_ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
            return assertionClient(form.get("client_assertion"));
        }
        if (JWT_BEARER.equals(form.get("grant_type")) && form.get("client_id") == null) {
            return new Authenticated(issuer(form.get("assertion")), "none", null);   // Google: the assertion is all
        }
        String id = form.get("client_id");
        Client known = id == null ? null : clients.get(id);
        String refusal = known == null ? "unknown client " + id
                : known.secret() != null || known.certificate() != null && !JWT_BEARER.equals(form.get("grant_type"))
                ? "client authentication required" : null;
        return new Authenticated(id, "none", refusal);
    }

    /** {@code private_key_jwt}: signed with the registered certificate's key, naming it, for this endpoint, in time. */
    private Authenticated assertionClient(String assertion) {
        try {
            SignedJWT jwt = SignedJWT.parse(assertion);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String id = claims.getIssuer();
            Client known = id == null ? null : clients.get(id);
            if (known == null || known.certificate() == null) {
                return new Authenticated(id, "private_key_jwt", "no certificate registered for client " + id);
            }
            String problem = !id.equals(claims.getSubject()) ? "client assertion: sub is not the client"
                    : !thumbprint(known.certificate()).equals(jwt.getHeader().getX509CertSHA256Thumbprint())
                    ? "client assertion: x5t#S256 names another certificate"
                    : assertionProblem(jwt, known.certificate().getPublicKey());
            return new Authenticated(id, "private_key_jwt", problem == null ? null : "client assertion: " + problem);
        } catch (ParseException e) {
            return new Authenticated(null, "private_key_jwt", "client assertion is not a signed JWT");
        }
    }

    /** Why the grant is refused ({@code invalid_grant}), or {@code null}. */
    private String grantRefusal(String grant, Authenticated client, Map<String, String> form) {
        if (JWT_BEARER.equals(grant)) {
            try {
                SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
                Client signer = clients.get(jwt.getJWTClaimsSet().getIssuer());
                if (signer == null || signer.certificate() == null) {
                    return "assertion: unknown issuer " + jwt.getJWTClaimsSet().getIssuer();
                }
                if (jwt.getJWTClaimsSet().getSubject() == null) {
                    return "assertion: no subject (the mailbox)";
                }
                String problem = assertionProblem(jwt, signer.certificate().getPublicKey());
                return problem == null ? null : "assertion: " + problem;
            } catch (ParseException | NullPointerException e) {
                return "assertion is not a signed JWT";
            }
        }
        if ("refresh_token".equals(grant)) {
            String owner = liveRefreshTokens.get(form.get("refresh_token"));
            return owner == null ? "refresh token unknown, revoked or already used"
                    : !owner.equals(client.id) ? "refresh token issued to another client" : null;
        }
        if ("client_credentials".equals(grant) && "none".equals(client.method)) {
            return "client credentials need client authentication";
        }
        return null;
    }

    private String assertionProblem(SignedJWT jwt, PublicKey key) throws ParseException {
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        try {
            JWSVerifier verifier = key instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECPublicKey) key);
            if (!jwt.verify(verifier)) {
                return "signature does not verify with the registered key";
            }
        } catch (JOSEException e) {
            return "signature cannot be checked: " + e.getMessage();
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(tokenEndpoint.get().toString())) {
            return "aud " + claims.getAudience() + " is not the token endpoint";
        }
        if (claims.getExpirationTime() == null || claims.getExpirationTime().before(new Date())) {
            return "expired";
        }
        return null;
    }

    /** Keeps the tokens of a successful answer; with rotation, the refresh token used is used up. */
    private void issued(String body, String clientId, String usedRefreshToken) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(body);
            String access = JSONObjectUtils.getString(json, "access_token");
            String id = JSONObjectUtils.getString(json, "id_token");
            String refresh = JSONObjectUtils.getString(json, "refresh_token");
            issuedAccessTokens.add(access);
            secretsSeen.add(access);
            if (id != null) {
                secretsSeen.add(id);
            }
            if (usedRefreshToken != null && rotateRefreshTokens) {
                liveRefreshTokens.remove(usedRefreshToken);
            }
            if (refresh != null && !refresh.equals(usedRefreshToken)) {
                liveRefreshTokens.put(refresh, clientId);
                issuedRefreshTokens.add(refresh);
                secretsSeen.add(refresh);
            }
        } catch (ParseException e) {
            throw new IllegalStateException("the mock's token response is not JSON: " + body, e);
        }
    }

    private static String issuer(String assertion) {
        try {
            return SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
        } catch (ParseException | NullPointerException e) {
            return null;
        }
    }

    private static Base64URL thumbprint(X509Certificate certificate) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OAuth2HttpResponse error(int status, String error, String description) {
        String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\"", "'") + "\"}";
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), status, body, null);
    }

    private record Authenticated(String id, String method, String refusal) {
    }
}
