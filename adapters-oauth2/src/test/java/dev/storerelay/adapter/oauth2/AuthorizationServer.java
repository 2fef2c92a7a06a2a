package dev.storerelay.adapter.oauth2;

import com.nimbusds.jose.JOSEObjectType;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.http.Ssl;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;
import okhttp3.mockwebserver.RecordedRequest;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real OAuth 2.0 authorization server on loopback over HTTPS (navikt's mock-oauth2-server on okhttp's
 * MockWebServer, which records every request): the stand-in for Entra ID and Google. Its certificate is generated
 * at start; {@link #trust()} trusts it the way an operator would, from a PKCS#12 trust store it was exported into.
 */
final class AuthorizationServer implements AutoCloseable {
    static final String ISSUER = "tenant";
    static final String TRUST_STORE_PASSWORD = "changeit";

    private final Ssl ssl;
    private final MockWebServerWrapper http;
    private final MockOAuth2Server server;

    private AuthorizationServer(Ssl ssl, OAuth2Config config, Route... routes) {
        this.ssl = ssl;
        this.http = (MockWebServerWrapper) config.getHttpServer();
        this.server = new MockOAuth2Server(config, routes);
    }

    /** A loopback port that was free a moment ago: an endpoint there is down until a test starts a server on it. */
    static int closedPort() throws IOException {
        try (ServerSocket reserved = new ServerSocket(0)) {
            return reserved.getLocalPort();
        }
    }

    /** Tokens of the mock's default lifetime (an hour); no refresh token rotation. */
    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private long tokenSeconds = 3600;
        private boolean rotateRefreshTokens;
        private final Map<String, String> clientSecrets = new LinkedHashMap<>();
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Ssl ssl;

        Builder tokenSeconds(long seconds) {
            this.tokenSeconds = seconds;
            return this;
        }

        /** A new refresh token with every refresh-token grant (the one given is forgotten). */
        Builder rotateRefreshTokens() {
            this.rotateRefreshTokens = true;
            return this;
        }

        /**
         * The server knows this client's secret and refuses any other with {@code invalid_client}, as Entra ID does
         * (the mock itself takes any secret).
         */
        Builder clientSecret(String clientId, String secret) {
            clientSecrets.put(clientId, secret);
            return this;
        }

        Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        /** The same certificate as another server's (one that comes back on the same port). */
        Builder sameCertificateAs(AuthorizationServer other) {
            this.ssl = other.ssl;
            return this;
        }

        AuthorizationServer start() {
            return start(0);
        }

        AuthorizationServer start(int port) {
            Ssl tls = ssl == null ? new Ssl() : ssl;
            OAuth2TokenCallback callback = new DefaultOAuth2TokenCallback(ISSUER, "mailbox@example.net",
                    JOSEObjectType.JWT.getType(), null, Map.copyOf(claims), tokenSeconds);
            OAuth2Config config = new OAuth2Config(false, null, null, rotateRefreshTokens, new OAuth2TokenProvider(),
                    Set.of(callback), new MockWebServerWrapper(tls));
            AuthorizationServer server = new AuthorizationServer(tls, config, new InvalidClient(Map.copyOf(clientSecrets)));
            try {
                server.server.start(InetAddress.getByName("localhost"), port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return server;
        }
    }

    URI tokenEndpoint() {
        return server.tokenEndpointUrl(ISSUER).uri();
    }

    URI authorizationEndpoint() {
        return server.authorizationEndpointUrl(ISSUER).uri();
    }

    int port() {
        return http.port();
    }

    /** Every request the server has had, in order. */
    int requestCount() {
        return http.getMockWebServer().getRequestCount();
    }

    /** The requests not taken yet, in order. */
    List<Request> takeRequests() {
        List<Request> requests = new ArrayList<>();
        try {
            RecordedRequest recorded;
            while ((recorded = http.getMockWebServer().takeRequest(0, TimeUnit.SECONDS)) != null) {
                requests.add(new Request(recorded.getPath(), recorded.getHeader("Authorization"), form(recorded.getBody().readUtf8())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return requests;
    }

    /** A request as the server saw it: its path, its Authorization header and its form parameters. */
    record Request(String path, String authorization, Map<String, String> form) {
        String grantType() {
            return form.get("grant_type");
        }

        /** {@code client_secret_basic}, {@code private_key_jwt} or {@code none}, from what the request carries. */
        String clientAuthentication() {
            if (authorization != null && authorization.startsWith("Basic ")) {
                return "client_secret_basic";
            }
            if ("urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
                return "private_key_jwt";
            }
            return "none";
        }

        /** The client id and secret of {@code client_secret_basic}. */
        String[] basicCredentials() {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8);
            String[] parts = decoded.split(":", 2);
            return new String[] {decode(parts[0]), decode(parts[1])};
        }
    }

    /** The server's certificate in a PKCS#12 trust store, read back through the JDK's PKIX trust manager. */
    X509TrustManager trust() {
        try {
            Path file = Files.createTempFile("oauth2-trust", ".p12");
            file.toFile().deleteOnExit();
            KeyStore exported = KeyStore.getInstance("PKCS12");
            exported.load(null, null);
            Certificate certificate = ssl.getSslKeystore().getKeyStore().getCertificate("localhost");
            exported.setCertificateEntry("oauth2-endpoint", certificate);
            try (OutputStream out = Files.newOutputStream(file)) {
                exported.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                trusted.load(in, TRUST_STORE_PASSWORD.toCharArray());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS client context for the tests' own requests (the browser's part of a sign-in). */
    SSLContext clientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(decode(parts[0]), parts.length == 2 ? decode(parts[1]) : "");
        }
        return form;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Refuses a token request whose Basic credentials name a known client with another secret. */
    private static final class InvalidClient implements Route {
        private final Map<String, String> secrets;

        InvalidClient(Map<String, String> secrets) {
            this.secrets = secrets;
        }

        @Override
        public boolean match(OAuth2HttpRequest request) {
            String authorization = request.getHeaders().get("Authorization");
            if (!"POST".equals(request.getMethod()) || !request.getUrl().encodedPath().endsWith("/token")
                    || authorization == null || !authorization.startsWith("Basic ")) {
                return false;
            }
            String[] credentials = new Request("", authorization, Map.of()).basicCredentials();
            return secrets.containsKey(credentials[0]) && !secrets.get(credentials[0]).equals(credentials[1]);
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided."
                            + " Trace ID: 0000\"}", null);
        }
    }
}
