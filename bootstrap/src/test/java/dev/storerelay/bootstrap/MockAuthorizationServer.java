package dev.storerelay.bootstrap;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequestHandler;
import no.nav.security.mock.oauth2.http.Ssl;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real OAuth 2.0 authorization server on loopback over HTTPS — navikt's mock-oauth2-server 2.3.0 — as the stand-in
 * for Microsoft Entra ID's and Google's token endpoints, which cannot be reached here. One issuer,
 * {@code https://localhost:<port>/tenant}; its certificate is made at start and handed to the relay the way an
 * operator would, in a PKCS#12 trust store named by {@code STORE_RELAY_TRUSTSTORE} ({@link #relayTrustSettings}).
 *
 * <p>The mock signs a JWT access token for every grant the relay uses, but checks no client credential at all: it
 * takes any client secret, any (even unsigned) assertion and any refresh token. So every request first passes a gate
 * ({@link AuthorizationServerGate}) that refuses what Entra ID or Google would refuse — a wrong secret or an assertion
 * not signed with the registered key ({@code invalid_client}), a JWT bearer assertion not signed by the key registered
 * for its issuer, and a refresh token this server did not issue to that client or has rotated away
 * ({@code invalid_grant}) — and counts the token requests by grant and client. Behind the gate the mock's own request
 * handler issues the tokens. Clients must be registered ({@link #registerClient(String, String)} …) before they ask.
 *
 * <p>Tokens last an hour unless {@link #tokenLifetime} says otherwise. {@code sub} is the client id for client
 * credentials (with {@code idtyp: app}, as Entra ID marks app-only tokens), the assertion's subject (the mailbox) for
 * the JWT bearer grant, and the signed-in account for tokens from a sign-in and their refresh tokens; {@code azp} is
 * always the client (or the service account's address), {@code aud} the requested scope. Refresh tokens are rotated
 * on every use (unless built {@link Builder#withoutRefreshTokenRotation() without}); an old one is refused.
 * {@link #stop()} and {@link #restart()} take the endpoint down and bring it back on the same port with the same
 * certificate, signing keys, clients and refresh tokens.
 *
 * <pre>{@code
 * MockAuthorizationServer tokens = MockAuthorizationServer.start();
 * Xoauth2Upstream upstream = Xoauth2Upstream.start(tokens, "smtp.send", TestCertificates.localhost());
 * tokens.registerPublicClient("relay-app");                    // or registerClient(id, secret | certificate) …
 * // the relay, a RelayExtension built with .env(() -> tokens.relayTrustSettings(TestCertificates.localhost()))
 * // a unit's oauth2: provider GENERIC, tokenEndpoint tokens.tokenEndpoint(),
 * //                  authorizationEndpoint tokens.authorizationEndpoint(), scope "smtp.send"
 * }</pre>
 */
public final class MockAuthorizationServer implements AutoCloseable {
    /** The issuer's path segment (Entra ID's would be the tenant). */
    public static final String ISSUER_ID = "tenant";
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private final Ssl ssl = new Ssl();
    // Keys of its own (the mock's default keys ship in its jar), and ES256: an RS256 signature would make the XOAUTH2
    // line longer than the 998 characters SubEthaSMTP, the upstream stand-in, reads.
    private final OAuth2TokenProvider tokenProvider = new OAuth2TokenProvider(new KeyProvider(List.of(), "ES256"));
    private final TokenClaims claims;
    private final boolean interactiveLogin;
    private final boolean rotateRefreshTokens;
    private final AuthorizationServerGate gate;
    private MockOAuth2Server server;
    private int port;

    private MockAuthorizationServer(Builder builder) {
        this.claims = new TokenClaims(ISSUER_ID, builder.signInAccount);
        this.interactiveLogin = builder.interactiveLogin;
        this.rotateRefreshTokens = builder.rotateRefreshTokens;
        // The mock's own handler, kept across restarts: its authorization codes and refresh tokens survive an outage.
        OAuth2HttpRequestHandler tokens = new OAuth2HttpRequestHandler(config());
        this.gate = new AuthorizationServerGate(tokens.getAuthorizationServer(), rotateRefreshTokens, this::tokenEndpoint);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Started at once on a free port, refresh tokens rotated, sign-ins approved without a login page. */
    public static MockAuthorizationServer start() {
        return builder().start();
    }

    public static final class Builder {
        private boolean rotateRefreshTokens = true;
        private boolean interactiveLogin;
        private String signInAccount = "signed-in@example.net";

        private Builder() {
        }

        /** A refresh token stays valid when used, and none is issued in its place. */
        public Builder withoutRefreshTokenRotation() {
            rotateRefreshTokens = false;
            return this;
        }

        /**
         * The authorization endpoint shows the mock's login page, where the account is typed (its user name becomes
         * {@code sub}; its optional claims JSON, e.g. {@code {"email": "…"}}, is added to the tokens); otherwise a
         * sign-in is approved at once as {@link #signInAccount}.
         */
        public Builder interactiveLogin() {
            interactiveLogin = true;
            return this;
        }

        /** Whom a sign-in without the login page signs in: {@code sub} and {@code email}. */
        public Builder signInAccount(String account) {
            signInAccount = account;
            return this;
        }

        public MockAuthorizationServer start() {
            MockAuthorizationServer server = new MockAuthorizationServer(this);
            // A port of our choosing, not 0: MockWebServer sets SO_REUSEADDR only then, and without it the server's
            // closed connections (TIME_WAIT) would keep the port from being bound again after stop().
            for (int tries = 1; ; tries++) {
                try {
                    server.startOn(LoopbackPorts.unused());
                    return server;
                } catch (UncheckedIOException e) {
                    if (tries == 5) {
                        throw e;
                    }
                }
            }
        }
    }

    // ---- clients ----

    /** A confidential client that authenticates with {@code client_secret_basic} and this secret. */
    public MockAuthorizationServer registerClient(String clientId, String secret) {
        gate.register(new AuthorizationServerGate.Client(clientId, secret, null));
        return this;
    }

    /**
     * A client with a certificate credential: {@code private_key_jwt} assertions (Entra ID's certificate credential)
     * and JWT bearer assertions issued by {@code clientId} must be signed with its key.
     */
    public MockAuthorizationServer registerClient(String clientId, X509Certificate certificate) {
        gate.register(new AuthorizationServerGate.Client(clientId, null, certificate));
        return this;
    }

    /** A public client (no credential), e.g. one that signs in with PKCE and keeps the refresh token. */
    public MockAuthorizationServer registerPublicClient(String clientId) {
        gate.register(new AuthorizationServerGate.Client(clientId, null, null));
        return this;
    }

    /** A Google service account: JWT bearer assertions issued by {@code clientEmail} must be signed with its key. */
    public MockAuthorizationServer registerServiceAccount(String clientEmail, X509Certificate certificate) {
        gate.register(new AuthorizationServerGate.Client(clientEmail, null, certificate));
        return this;
    }

    /** How long tokens issued from now on last ({@code expires_in}); an hour at first. */
    public void tokenLifetime(Duration lifetime) {
        claims.lifetime(lifetime);
    }

    /** Whom later sign-ins without the login page sign in (see {@link Builder#signInAccount}). */
    public void signInAccount(String account) {
        claims.signInAccount(account);
    }

    // ---- outage ----

    /** Takes the endpoint down: connections to its port are refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    /** Brings the endpoint back on the same port, with the same certificate, keys, clients and refresh tokens. */
    public synchronized void restart() {
        if (server == null) {
            startOn(port);
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    private synchronized void startOn(int requestedPort) {
        OAuth2Config config = config();
        MockOAuth2Server started = new MockOAuth2Server(config, gate);
        try {
            started.start(InetAddress.getByName("localhost"), requestedPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = started;
        port = config.getHttpServer().port();
    }

    private OAuth2Config config() {
        return new OAuth2Config(interactiveLogin, null, null, rotateRefreshTokens, tokenProvider, Set.of(claims),
                new MockWebServerWrapper(ssl));
    }

    // ---- addresses ----

    public int port() {
        return port;
    }

    /** How the relay names the endpoint in its reasons: {@code localhost:<port>}. */
    public String hostAndPort() {
        return "localhost:" + port;
    }

    /** The {@code iss} of every token. */
    public URI issuer() {
        return URI.create("https://localhost:" + port + "/" + ISSUER_ID);
    }

    public URI tokenEndpoint() {
        return URI.create(issuer() + "/token");
    }

    public URI authorizationEndpoint() {
        return URI.create(issuer() + "/authorize");
    }

    public URI jwksUri() {
        return URI.create(issuer() + "/jwks");
    }

    // ---- trust ----

    /**
     * A new PKCS#12 trust store (password {@link #TRUST_STORE_PASSWORD}) holding this server's certificate and those of
     * the given test servers' trust stores, for a relay that must trust both its token endpoint and its upstream.
     */
    public Path trustStore(TestCertificates.Issued... alsoTrusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("oauth2-endpoint", certificate());
            for (TestCertificates.Issued issued : alsoTrusted) {
                KeyStore other = load(issued.trustStore(), TestCertificates.PASSWORD);
                for (String alias : Collections.list(other.aliases())) {
                    store.setCertificateEntry("also-" + alias + "-" + store.size(), other.getCertificate(alias));
                }
            }
            Path file = Files.createTempFile("oauth2-trust", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the trust store", e);
        }
    }

    /** {@code STORE_RELAY_TRUSTSTORE} and its password for a relay that trusts this server and {@code alsoTrusted}. */
    public Map<String, String> relayTrustSettings(TestCertificates.Issued... alsoTrusted) {
        return Map.of("STORE_RELAY_TRUSTSTORE", trustStore(alsoTrusted).toString(),
                "STORE_RELAY_TRUSTSTORE_PASSWORD", TRUST_STORE_PASSWORD);
    }

    /** A TLS client context that trusts this server only, for the tests' own requests (the admin's browser, JWKS). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(load(trustStore(), TRUST_STORE_PASSWORD));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer's public signing keys, read from its {@code jwks_uri} over HTTPS. */
    public JWKSet jwks() {
        try {
            return JWKSet.parse(http().send(HttpRequest.newBuilder(jwksUri()).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + jwksUri(), e);
        }
    }

    // ---- sign-in ----

    /**
     * An admin's sign-in with the authorization-code flow, as the browser and the relay would do it: the mock's login
     * form is posted for {@code account} (which becomes {@code sub} and {@code email}), the code from the redirect is
     * exchanged by {@code clientId} (a registered public client) and the refresh token comes back. The exchange counts
     * as an {@code authorization_code} request.
     */
    public String signIn(String clientId, String account, String scope) {
        String redirect = "https://relay.test/admin/oauth2/callback";
        URI authorize = URI.create(authorizationEndpoint() + "?client_id=" + encode(clientId) + "&response_type=code"
                + "&redirect_uri=" + encode(redirect) + "&scope=" + encode("openid email offline_access " + scope)
                + "&state=sign-in-state");
        try {
            HttpResponse<String> approved = http().send(HttpRequest.newBuilder(authorize)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(account) + "&claims="
                            + encode("{\"email\": \"" + account + "\"}")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String location = approved.headers().firstValue("Location")
                    .orElseThrow(() -> new IllegalStateException("no redirect from the sign-in: " + approved.statusCode() + " " + approved.body()));
            String code = form(URI.create(location).getRawQuery()).get("code");
            HttpResponse<String> tokens = http().send(HttpRequest.newBuilder(tokenEndpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + encode(code)
                            + "&redirect_uri=" + encode(redirect) + "&client_id=" + encode(clientId)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (tokens.statusCode() != 200) {
                throw new IllegalStateException("code exchange refused: " + tokens.statusCode() + " " + tokens.body());
            }
            return JSONObjectUtils.getString(JSONObjectUtils.parse(tokens.body()), "refresh_token");
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("sign-in failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- what happened ----

    /**
     * One token request as the server saw it and answered it.
     *
     * @param grantType            {@code client_credentials}, {@code refresh_token}, the JWT bearer URN …
     * @param clientId             the client, or the issuer of a JWT bearer assertion; {@code null} if none was named
     * @param clientAuthentication {@code client_secret_basic}, {@code private_key_jwt} or {@code none}
     * @param error                the OAuth 2.0 error it was answered with; {@code null} when tokens were issued
     * @param refreshToken         the refresh token presented (refresh grant), else {@code null}
     */
    public record TokenRequest(String grantType, String clientId, String clientAuthentication, String error,
                               String refreshToken) {
        public boolean succeeded() {
            return error == null;
        }
    }

    /** Every token request so far, in order, refused ones included. */
    public List<TokenRequest> tokenRequests() {
        return gate.requests();
    }

    /** How many token requests {@code clientId} (or the service account) made so far. */
    public long tokenRequestCount(String clientId) {
        return tokenRequests().stream().filter(r -> clientId.equals(r.clientId())).count();
    }

    /** Every access token, ID token and refresh token issued, and every credential a client presented. */
    public Set<String> secretsSeen() {
        return gate.secretsSeen();
    }

    /** The access tokens issued so far. */
    public Set<String> issuedAccessTokens() {
        return gate.issuedAccessTokens();
    }

    /** The refresh tokens issued so far, in order (sign-ins and rotations). */
    public List<String> issuedRefreshTokens() {
        return gate.issuedRefreshTokens();
    }

    @Override
    public void close() {
        stop();
    }

    // ---- helpers ----

    private X509Certificate certificate() throws GeneralSecurityException {
        Certificate certificate = ssl.getSslKeystore().getKeyStore().getCertificate("localhost");
        return (X509Certificate) certificate;
    }

    private HttpClient http() {
        return HttpClient.newBuilder().sslContext(clientContext()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
