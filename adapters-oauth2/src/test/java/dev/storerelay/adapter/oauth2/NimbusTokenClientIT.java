package dev.storerelay.adapter.oauth2;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.storerelay.adapter.oauth2.AuthorizationServer.Request;
import dev.storerelay.application.port.out.AccessTokenPort.AccessToken;
import dev.storerelay.application.port.out.AccessTokenPort.AccessTokenUnavailableException;
import dev.storerelay.application.testing.MutableClock;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamLogin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token client against a real OAuth 2.0 authorization server on loopback, over HTTPS it trusts as an operator would. */
class NimbusTokenClientIT {
    private static final UnitId NORTH = UnitId.of("north");
    private static final String MAILBOX = "store12@example.net";
    private static final String SCOPE = "smtp.send";
    private static final String SECRET = "the-client-secret-0123456789";
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CapturedLogs logs = new CapturedLogs();
    private final RecordingRotation rotation = new RecordingRotation();
    private final ExecutorService callers = Executors.newFixedThreadPool(50);

    @AfterEach
    void stop() throws Exception {
        callers.shutdownNow();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        logs.close();
    }

    private AuthorizationServer start(AuthorizationServer.Builder builder) {
        AuthorizationServer server = builder.start();
        resources.add(server);
        return server;
    }

    private NimbusTokenClient client(AuthorizationServer server, Clock clock) {
        OAuth2ClientConfig config = new OAuth2ClientConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), server.trust(),
                FIRST_BACKOFF, MAX_BACKOFF);
        return new NimbusTokenClient(config, new TokenEndpoint(config, new SimpleMeterRegistry()), rotation, clock);
    }

    private static OAuth2Settings settings(OAuth2Grant grant, URI tokenEndpoint, String clientId, Secret secret, ClientKeys keys,
                                           Secret serviceAccount, Secret refreshToken) {
        return new OAuth2Settings(OAuth2Provider.GENERIC, grant, null, clientId, secret,
                keys == null ? null : new Secret(keys.privateKeyPem()), keys == null ? null : keys.certificatePem(),
                serviceAccount, tokenEndpoint.toString(), null, SCOPE, refreshToken);
    }

    private static UpstreamLogin.OAuth2 clientCredentials(AuthorizationServer server, String clientId, String secret) {
        return new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.CLIENT_CREDENTIALS, server.tokenEndpoint(), clientId,
                new Secret(secret), null, null, null), NORTH);
    }

    @Test
    void clientCredentialsWithASecretGetAToken() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder());
        NimbusTokenClient client = client(server, Clock.systemUTC());

        AccessToken token = client.accessToken(clientCredentials(server, "relay", SECRET));

        JWTClaimsSet claims = SignedJWT.parse(token.value().reveal()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("relay");
        assertThat(token.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(55)));
        Request request = onlyTokenRequest(server);
        assertThat(request.grantType()).isEqualTo("client_credentials");
        assertThat(request.clientAuthentication()).isEqualTo("client_secret_basic");
        assertThat(request.basicCredentials()).containsExactly("relay", SECRET);
        assertThat(request.form()).containsEntry("scope", SCOPE);
    }

    @Test
    void clientCredentialsWithACertificateSignAnAssertionNamingItByItsThumbprints() throws Exception {
        for (String algorithm : List.of("RSA", "EC")) {
            AuthorizationServer server = start(AuthorizationServer.builder());
            ClientKeys keys = ClientKeys.generate(algorithm, "store-relay test client");
            UpstreamLogin.OAuth2 login = new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.CLIENT_CREDENTIALS,
                    server.tokenEndpoint(), "relay-app", null, keys, null, null), NORTH);

            AccessToken token = client(server, Clock.systemUTC()).accessToken(login);

            assertThat(SignedJWT.parse(token.value().reveal()).getJWTClaimsSet().getSubject()).isEqualTo("relay-app");
            Request request = onlyTokenRequest(server);
            assertThat(request.grantType()).isEqualTo("client_credentials");
            assertThat(request.clientAuthentication()).isEqualTo("private_key_jwt");
            SignedJWT assertion = SignedJWT.parse(request.form().get("client_assertion"));
            assertSignedBy(assertion, keys);
            assertThat(assertion.getHeader().getX509CertSHA256Thumbprint()).isEqualTo(thumbprint("SHA-256", keys));
            assertThat(x5t(assertion)).isEqualTo(thumbprint("SHA-1", keys));
            JWTClaimsSet claims = assertion.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo("relay-app");
            assertThat(claims.getSubject()).isEqualTo("relay-app");
            assertThat(claims.getAudience()).containsExactly(server.tokenEndpoint().toString());
            assertThat(claims.getJWTID()).isNotBlank();
            assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        }
    }

    @Test
    void aGoogleServiceAccountSignsAJwtBearerGrantForTheMailbox() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder());
        ClientKeys keys = ClientKeys.generate("RSA", "store-relay test client");
        String keyFile = "{\"type\": \"service_account\", \"project_id\": \"shop\", \"private_key_id\": \"key-7\","
                + " \"private_key\": \"" + keys.privateKeyPem().replace("\n", "\\n") + "\","
                + " \"client_email\": \"relay@shop.iam.gserviceaccount.com\", \"client_id\": \"1234\"}";
        UpstreamLogin.OAuth2 login = new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.JWT_BEARER, server.tokenEndpoint(),
                "1234", null, null, new Secret(keyFile), null), NORTH);

        AccessToken token = client(server, Clock.systemUTC()).accessToken(login);

        assertThat(token.value().reveal()).isNotBlank();
        Request request = onlyTokenRequest(server);
        assertThat(request.grantType()).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(request.clientAuthentication()).isEqualTo("none");
        SignedJWT assertion = SignedJWT.parse(request.form().get("assertion"));
        assertSignedBy(assertion, keys);
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("key-7");
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("relay@shop.iam.gserviceaccount.com");
        assertThat(claims.getSubject()).isEqualTo(MAILBOX);
        assertThat(claims.getStringClaim("scope")).isEqualTo(SCOPE);
        assertThat(claims.getAudience()).containsExactly(server.tokenEndpoint().toString());
    }

    @Test
    void aCertificatesKeySignsAJwtBearerGrantForTheMailbox() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder());
        ClientKeys keys = ClientKeys.generate("EC", "store-relay test client");
        UpstreamLogin.OAuth2 login = new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.JWT_BEARER, server.tokenEndpoint(),
                "relay-app", null, keys, null, null), NORTH);

        client(server, Clock.systemUTC()).accessToken(login);

        Request request = onlyTokenRequest(server);
        assertThat(request.grantType()).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(request.form()).containsEntry("scope", SCOPE);
        SignedJWT assertion = SignedJWT.parse(request.form().get("assertion"));
        assertSignedBy(assertion, keys);
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("relay-app");
        assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo(MAILBOX);
    }

    @Test
    void aRotatedRefreshTokenIsStoredAndUsedFromThenOnUntilAnAdminSetsAnother() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder().rotateRefreshTokens());
        NimbusTokenClient client = client(server, Clock.systemUTC());
        OAuth2Settings signedIn = settings(OAuth2Grant.REFRESH_TOKEN, server.tokenEndpoint(), "relay-public", null, null, null,
                new Secret("refresh-token-of-the-sign-in"));
        UpstreamLogin.OAuth2 login = new UpstreamLogin.OAuth2(MAILBOX, signedIn, NORTH);

        AccessToken first = client.accessToken(login);

        Request request = onlyTokenRequest(server);
        assertThat(request.grantType()).isEqualTo("refresh_token");
        assertThat(request.clientAuthentication()).isEqualTo("none");
        assertThat(request.form()).containsEntry("client_id", "relay-public")
                .containsEntry("refresh_token", "refresh-token-of-the-sign-in");
        assertThat(rotation.rotations).hasSize(1);
        RecordingRotation.Rotation rotated = rotation.rotations.get(0);
        assertThat(rotated.unit()).isEqualTo(NORTH);
        assertThat(rotated.previous().reveal()).isEqualTo("refresh-token-of-the-sign-in");
        assertThat(rotated.next().reveal()).isNotEqualTo("refresh-token-of-the-sign-in");

        // The settings still hold the first refresh token (no reload yet): the rotated one is used all the same.
        AccessToken second = client.replace(login, first);
        assertThat(onlyTokenRequest(server).form()).containsEntry("refresh_token", rotated.next().reveal());
        assertThat(rotation.rotations).hasSize(2);
        assertThat(rotation.rotations.get(1).previous()).isEqualTo(rotated.next());

        // Once reloaded, the settings hold the rotated token: still the same chain, its newest token is used.
        UpstreamLogin.OAuth2 reloaded = new UpstreamLogin.OAuth2(MAILBOX, signedIn.withRefreshToken(rotated.next()), NORTH);
        AccessToken third = client.replace(reloaded, second);
        assertThat(onlyTokenRequest(server).form()).containsEntry("refresh_token", rotation.rotations.get(1).next().reveal());

        // An admin signs in again: the new refresh token is used instead.
        UpstreamLogin.OAuth2 again = new UpstreamLogin.OAuth2(MAILBOX, signedIn.withRefreshToken(new Secret("refresh-token-of-a-new-sign-in")), NORTH);
        client.replace(again, third);
        assertThat(onlyTokenRequest(server).form()).containsEntry("refresh_token", "refresh-token-of-a-new-sign-in");
    }

    @Test
    void twoHundredCallersOfOneIdentityCauseOneTokenRequest() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder());
        NimbusTokenClient client = client(server, Clock.systemUTC());
        UpstreamLogin.OAuth2 login = clientCredentials(server, "relay", SECRET);

        List<AccessToken> tokens = concurrently(200, () -> client.accessToken(login));
        for (int i = 0; i < 200; i++) {
            tokens.add(client.accessToken(login));
        }

        assertThat(Set.copyOf(tokens)).hasSize(1);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void differentIdentitiesGetTokensOfTheirOwn() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder());
        NimbusTokenClient client = client(server, Clock.systemUTC());
        ClientKeys keys = ClientKeys.generate("EC", "store-relay test client");
        Supplier<UpstreamLogin.OAuth2> bearerFor12 = () -> new UpstreamLogin.OAuth2("store12@example.net",
                settings(OAuth2Grant.JWT_BEARER, server.tokenEndpoint(), "relay-app", null, keys, null, null), NORTH);
        UpstreamLogin.OAuth2 bearerFor13 = new UpstreamLogin.OAuth2("store13@example.net",
                settings(OAuth2Grant.JWT_BEARER, server.tokenEndpoint(), "relay-app", null, keys, null, null), NORTH);

        AccessToken relay = client.accessToken(clientCredentials(server, "relay", SECRET));
        AccessToken other = client.accessToken(clientCredentials(server, "other-app", SECRET));
        AccessToken store12 = client.accessToken(bearerFor12.get());
        AccessToken store13 = client.accessToken(bearerFor13);

        assertThat(Set.of(relay, other, store12, store13)).hasSize(4);
        assertThat(client.accessToken(clientCredentials(server, "relay", SECRET))).isEqualTo(relay);
        assertThat(client.accessToken(bearerFor12.get())).isEqualTo(store12);
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void shortLivedTokensAreRenewedBeforeTheyExpire() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder().tokenSeconds(5));
        NimbusTokenClient client = client(server, Clock.systemUTC());
        UpstreamLogin.OAuth2 login = clientCredentials(server, "relay", SECRET);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> tooLate = new ArrayList<>();
        Instant end = Instant.now().plus(Duration.ofSeconds(20));

        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(callers.submit(() -> {
                while (Instant.now().isBefore(end)) {
                    AccessToken token = client.accessToken(login);
                    Instant handedOut = Instant.now();
                    Instant expires = SignedJWT.parse(token.value().reveal()).getJWTClaimsSet().getExpirationTime().toInstant();
                    Duration margin = TokenLifetime.margin(Duration.ofSeconds(4));
                    if (expires.isBefore(handedOut.plusSeconds(1)) || token.expiresAt().isBefore(handedOut.plus(margin))) {
                        synchronized (tooLate) {
                            tooLate.add("handed out at " + handedOut + ", expires " + expires + " (" + token.expiresAt() + ")");
                        }
                    }
                    seen.add(token.value().reveal());
                    TimeUnit.MILLISECONDS.sleep(20); // a delivery's pace, not synchronisation
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(40, TimeUnit.SECONDS);
        }

        assertThat(tooLate).isEmpty();
        // 4-5 s tokens renewed at half their lifetime: about one request every 2 s.
        assertThat(seen).hasSizeGreaterThanOrEqualTo(6);
        assertThat(server.requestCount()).isEqualTo(seen.size()).isLessThanOrEqualTo(12);
    }

    @Test
    void anEndpointThatIsDownIsATemporaryFailureAskedAgainOnlyAfterTheBackoff() throws Exception {
        int port = AuthorizationServer.closedPort();
        URI endpoint = URI.create("https://localhost:" + port + "/" + AuthorizationServer.ISSUER + "/token");
        AuthorizationServer certificateOnly = start(AuthorizationServer.builder());
        MutableClock clock = new MutableClock(Instant.now());
        NimbusTokenClient client = client(certificateOnly, clock);
        UpstreamLogin.OAuth2 login = new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.CLIENT_CREDENTIALS, endpoint,
                "relay", new Secret(SECRET), null, null, null), NORTH);

        List<Throwable> failures = concurrently(100, () -> failure(() -> client.accessToken(login)));

        assertThat(failures).hasSize(100).allSatisfy(failure -> {
            assertThat(failure).isInstanceOf(AccessTokenUnavailableException.class)
                    .hasMessageStartingWith("OAuth 2.0 token endpoint localhost:" + port + " unreachable: ")
                    .hasMessageContaining("Connection refused");
            assertThat(((AccessTokenUnavailableException) failure).error()).isEmpty();
        });
        assertThat(logs.warnings(NimbusTokenClient.class)).as("token requests made").isEqualTo(1);

        AuthorizationServer back = AuthorizationServer.builder().sameCertificateAs(certificateOnly).start(port);
        resources.add(back);
        assertThatThrownBy(() -> client.accessToken(login)).as("within the backoff")
                .isInstanceOf(AccessTokenUnavailableException.class).hasMessageContaining("unreachable");
        assertThat(back.requestCount()).isZero();

        clock.advance(FIRST_BACKOFF);
        AccessToken token = client.accessToken(login);

        assertThat(token.value().reveal()).isNotBlank();
        assertThat(back.requestCount()).isEqualTo(1);
    }

    @Test
    void theBackoffDoublesWithEachFailureInARowUpToItsMaximum() throws Exception {
        int port = AuthorizationServer.closedPort();
        AuthorizationServer certificateOnly = start(AuthorizationServer.builder());
        MutableClock clock = new MutableClock(Instant.now());
        NimbusTokenClient client = client(certificateOnly, clock);
        UpstreamLogin.OAuth2 login = new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.CLIENT_CREDENTIALS,
                URI.create("https://localhost:" + port + "/t/token"), "relay", new Secret(SECRET), null, null, null), NORTH);

        Duration backoff = FIRST_BACKOFF;
        for (int requests = 1; requests <= 9; requests++) {
            assertThatThrownBy(() -> client.accessToken(login)).isInstanceOf(AccessTokenUnavailableException.class);
            assertThat(logs.warnings(NimbusTokenClient.class)).isEqualTo(requests);
            clock.advance(backoff.minusMillis(1));
            assertThatThrownBy(() -> client.accessToken(login)).isInstanceOf(AccessTokenUnavailableException.class);
            assertThat(logs.warnings(NimbusTokenClient.class)).as("no request within the backoff").isEqualTo(requests);
            clock.advance(Duration.ofMillis(1));
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        assertThat(backoff).isEqualTo(MAX_BACKOFF);
    }

    @Test
    void aRefreshTokenAnAdminSetsAnewIsTriedAtOnceDespiteTheBackoff() throws Exception {
        int port = AuthorizationServer.closedPort();
        AuthorizationServer certificateOnly = start(AuthorizationServer.builder());
        NimbusTokenClient client = client(certificateOnly, new MutableClock(Instant.now()));
        OAuth2Settings revoked = settings(OAuth2Grant.REFRESH_TOKEN, URI.create("https://localhost:" + port + "/t/token"),
                "relay-public", null, null, null, new Secret("a-revoked-refresh-token"));
        UpstreamLogin.OAuth2 login = new UpstreamLogin.OAuth2(MAILBOX, revoked, NORTH);

        assertThatThrownBy(() -> client.accessToken(login)).isInstanceOf(AccessTokenUnavailableException.class);
        assertThatThrownBy(() -> client.accessToken(login)).isInstanceOf(AccessTokenUnavailableException.class);
        assertThat(logs.warnings(NimbusTokenClient.class)).isEqualTo(1);
        UpstreamLogin.OAuth2 signedInAgain = new UpstreamLogin.OAuth2(MAILBOX,
                revoked.withRefreshToken(new Secret("refresh-token-of-a-new-sign-in")), NORTH);
        assertThatThrownBy(() -> client.accessToken(signedInAgain)).isInstanceOf(AccessTokenUnavailableException.class);
        assertThat(logs.warnings(NimbusTokenClient.class)).as("a request with the new refresh token").isEqualTo(2);

        UpstreamLogin.OAuth2 neverSignedIn = new UpstreamLogin.OAuth2(MAILBOX, revoked.withRefreshToken(null), NORTH);
        assertThatThrownBy(() -> client.accessToken(neverSignedIn)).isInstanceOf(AccessTokenUnavailableException.class)
                .hasMessageContaining("refresh token missing").hasMessageContaining("sign in");
        assertThat(logs.warnings(NimbusTokenClient.class)).isEqualTo(2);
    }

    @Test
    void aWrongClientSecretIsRefusedWithInvalidClientAndAskedOnceForAHundredCallers() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder().clientSecret("relay", SECRET));
        NimbusTokenClient client = client(server, new MutableClock(Instant.now()));
        UpstreamLogin.OAuth2 login = clientCredentials(server, "relay", "an-old-client-secret");

        List<Throwable> failures = concurrently(100, () -> failure(() -> client.accessToken(login)));

        assertThat(failures).hasSize(100).allSatisfy(failure -> {
            assertThat(failure).isInstanceOf(AccessTokenUnavailableException.class).hasMessage("OAuth 2.0 token refused by localhost:"
                    + server.port() + ": invalid_client (AADSTS7000215: Invalid client secret provided. Trace ID: 0000)");
            assertThat(((AccessTokenUnavailableException) failure).error()).contains("invalid_client");
        });
        assertThat(server.requestCount()).isEqualTo(1);
        assertThatThrownBy(() -> client.accessToken(login)).as("a later delivery within the backoff")
                .isInstanceOf(AccessTokenUnavailableException.class).hasMessageContaining("invalid_client");
        assertThat(server.requestCount()).isEqualTo(1);
        // The admin enters the right secret: new settings, a new identity, no backoff to wait for.
        assertThat(client.accessToken(clientCredentials(server, "relay", SECRET)).value().reveal()).isNotBlank();
    }

    @Test
    void tenCallersReplacingTheSameRefusedTokenCauseOneNewToken() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder());
        NimbusTokenClient client = client(server, Clock.systemUTC());
        UpstreamLogin.OAuth2 login = clientCredentials(server, "relay", SECRET);
        AccessToken refused = client.accessToken(login);

        List<AccessToken> replacements = concurrently(10, () -> client.replace(login, refused));

        assertThat(Set.copyOf(replacements)).hasSize(1).doesNotContain(refused);
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(client.replace(login, refused)).isEqualTo(replacements.get(0));
        assertThat(client.accessToken(login)).isEqualTo(replacements.get(0));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void noLogLineShowsASecretAnAssertionOrAToken() throws Exception {
        AuthorizationServer server = start(AuthorizationServer.builder().rotateRefreshTokens().clientSecret("relay", SECRET));
        NimbusTokenClient client = client(server, Clock.systemUTC());
        ClientKeys keys = ClientKeys.generate("RSA", "store-relay test client");
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        secrets.add(SECRET);
        secrets.add("a-wrong-secret-9876543210");
        secrets.add("refresh-token-of-the-sign-in");
        secrets.add(keys.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
        List<UpstreamLogin.OAuth2> logins = List.of(clientCredentials(server, "relay", SECRET),
                new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.CLIENT_CREDENTIALS, server.tokenEndpoint(), "cert-app",
                        null, keys, null, null), NORTH),
                new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.JWT_BEARER, server.tokenEndpoint(), "cert-app",
                        null, keys, null, null), NORTH),
                new UpstreamLogin.OAuth2(MAILBOX, settings(OAuth2Grant.REFRESH_TOKEN, server.tokenEndpoint(), "relay-public",
                        null, null, null, new Secret("refresh-token-of-the-sign-in")), NORTH));
        for (UpstreamLogin.OAuth2 login : logins) {
            AccessToken token = client.accessToken(login);
            secrets.add(token.value().reveal());
            secrets.add(client.replace(login, token).value().reveal());
        }
        assertThatThrownBy(() -> client.accessToken(clientCredentials(server, "relay", "a-wrong-secret-9876543210")))
                .isInstanceOf(AccessTokenUnavailableException.class);
        for (Request request : server.takeRequests()) {
            request.form().forEach((name, value) -> {
                if (Set.of("client_assertion", "assertion", "refresh_token").contains(name)) {
                    secrets.add(value);
                }
            });
        }
        rotation.rotations.forEach(rotated -> secrets.add(rotated.next().reveal()));

        List<String> lines = logs.lines();
        assertThat(lines).anyMatch(line -> line.contains("OAuth 2.0 token for"))
                .anyMatch(line -> line.contains("invalid_client"));
        for (String secret : secrets) {
            assertThat(lines).noneMatch(line -> line.contains(secret));
        }
    }

    private static Request onlyTokenRequest(AuthorizationServer server) {
        List<Request> requests = server.takeRequests();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).path()).isEqualTo("/" + AuthorizationServer.ISSUER + "/token");
        return requests.get(0);
    }

    /** Runs {@code n} callers at once, released together, and gives their answers. */
    private <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Throwable failure(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void assertSignedBy(SignedJWT jwt, ClientKeys keys) throws Exception {
        JWSObject jws = jwt;
        boolean valid = keys.certificate().getPublicKey() instanceof RSAPublicKey rsa
                ? jws.verify(new RSASSAVerifier(rsa))
                : jws.verify(new ECDSAVerifier((ECPublicKey) keys.certificate().getPublicKey()));
        assertThat(valid).as("signed with the certificate's key").isTrue();
    }

    private static Base64URL thumbprint(String digest, ClientKeys keys) throws Exception {
        return Base64URL.encode(MessageDigest.getInstance(digest).digest(keys.certificate().getEncoded()));
    }

    @SuppressWarnings("deprecation")
    private static Base64URL x5t(SignedJWT jwt) {
        return jwt.getHeader().getX509CertThumbprint();
    }
}
