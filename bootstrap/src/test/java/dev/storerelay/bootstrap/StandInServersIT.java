package dev.storerelay.bootstrap;

import dev.storerelay.adapter.oauth2.ClientKeys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stand-ins the OAuth 2.0 end-to-end tests rely on refuse what Entra ID, Google and their SMTP servers refuse, so
 * that a delivery in those tests means the relay got it right: {@link MockAuthorizationServer} (mock-oauth2-server
 * behind its gate) and {@link Xoauth2Upstream}.
 */
class StandInServersIT {
    private static final String SCOPE = "smtp.send";
    private static final String MAILBOX = "store1@example.net";

    private static MockAuthorizationServer tokens;
    private static Xoauth2Upstream upstream;
    private static HttpClient http;
    private static ClientKeys keys;

    @BeforeAll
    static void start() {
        tokens = MockAuthorizationServer.start();
        upstream = Xoauth2Upstream.start(tokens, SCOPE, TestCertificates.localhost());
        http = HttpClient.newBuilder().sslContext(tokens.clientContext()).build();
        keys = ClientKeys.generate("stand-in test client");
    }

    @AfterAll
    static void stop() {
        upstream.close();
        tokens.close();
    }

    @Test
    void aClientSecretMustBeTheRegisteredOne() throws Exception {
        tokens.registerClient("secret-app", "the-right-secret");

        assertThat(clientCredentials("secret-app", "a-wrong-secret")).containsEntry("error", "invalid_client");
        assertThat(clientCredentials("unregistered-app", "the-right-secret")).containsEntry("error", "invalid_client");
        Map<String, Object> issued = clientCredentials("secret-app", "the-right-secret");

        JWTClaimsSet claims = SignedJWT.parse((String) issued.get("access_token")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("secret-app");
        assertThat(claims.getStringClaim("azp")).isEqualTo("secret-app");
        assertThat(claims.getStringClaim("idtyp")).isEqualTo("app");
        assertThat(claims.getAudience()).containsExactly(SCOPE);
        assertThat(claims.getIssuer()).isEqualTo(tokens.issuer().toString());
        assertThat(tokens.tokenRequests()).filteredOn(r -> "secret-app".equals(r.clientId()))
                .extracting(MockAuthorizationServer.TokenRequest::error).containsExactly("invalid_client", null);
    }

    @Test
    void aClientAssertionMustBeSignedWithTheRegisteredCertificatesKey() throws Exception {
        tokens.registerClient("cert-app", keys.certificate());
        ClientKeys other = ClientKeys.generate("someone else");

        assertThat(post(Map.of("grant_type", "client_credentials", "scope", SCOPE,
                "client_assertion_type", AuthorizationServerGate.CLIENT_ASSERTION_TYPE,
                "client_assertion", assertion(other, "cert-app", "cert-app", keys))))
                .containsEntry("error", "invalid_client");
        Map<String, Object> issued = post(Map.of("grant_type", "client_credentials", "scope", SCOPE,
                "client_assertion_type", AuthorizationServerGate.CLIENT_ASSERTION_TYPE,
                "client_assertion", assertion(keys, "cert-app", "cert-app", keys)));

        assertThat(SignedJWT.parse((String) issued.get("access_token")).getJWTClaimsSet().getSubject()).isEqualTo("cert-app");
    }

    @Test
    void aJwtBearerAssertionMustBeSignedByItsIssuersKeyAndItsSubjectGetsTheToken() throws Exception {
        tokens.registerServiceAccount("relay@shop.iam.gserviceaccount.com", keys.certificate());
        ClientKeys other = ClientKeys.generate("someone else");

        assertThat(post(Map.of("grant_type", AuthorizationServerGate.JWT_BEARER, "scope", SCOPE,
                "assertion", assertion(other, "relay@shop.iam.gserviceaccount.com", MAILBOX, null))))
                .containsEntry("error", "invalid_grant");
        Map<String, Object> issued = post(Map.of("grant_type", AuthorizationServerGate.JWT_BEARER, "scope", SCOPE,
                "assertion", assertion(keys, "relay@shop.iam.gserviceaccount.com", MAILBOX, null)));

        assertThat(SignedJWT.parse((String) issued.get("access_token")).getJWTClaimsSet().getSubject()).isEqualTo(MAILBOX);
    }

    @Test
    void aRotatedRefreshTokenCannotBeUsedAgain() throws Exception {
        tokens.registerPublicClient("public-app");
        String signedIn = tokens.signIn("public-app", MAILBOX, SCOPE);

        Map<String, Object> first = refresh("public-app", signedIn);
        String rotated = (String) first.get("refresh_token");

        assertThat(rotated).isNotEqualTo(signedIn);
        assertThat(SignedJWT.parse((String) first.get("access_token")).getJWTClaimsSet().getSubject()).isEqualTo(MAILBOX);
        assertThat(refresh("public-app", signedIn)).containsEntry("error", "invalid_grant");
        assertThat(refresh("another-app", rotated)).containsEntry("error", "invalid_client");
        assertThat(refresh("public-app", "a-made-up-refresh-token")).containsEntry("error", "invalid_grant");
        assertThat(refresh("public-app", rotated)).containsKey("access_token");
        assertThat(tokens.issuedRefreshTokens()).contains(signedIn, rotated);
    }

    @Test
    void theEndpointComesBackOnTheSamePortWithTheSameCertificateAndKeys() throws Exception {
        tokens.registerClient("outage-app", "outage-secret");
        String before = (String) clientCredentials("outage-app", "outage-secret").get("access_token");
        int port = tokens.port();

        tokens.stop();
        try {
            assertThatThrownBy(() -> clientCredentials("outage-app", "outage-secret")).isInstanceOf(IOException.class);
        } finally {
            tokens.restart();
        }

        assertThat(tokens.port()).isEqualTo(port);
        String after = (String) clientCredentials("outage-app", "outage-secret").get("access_token");
        upstream.allowApp("outage-app", MAILBOX);
        assertThat(login(MAILBOX, before)).as("a token from before the outage").isTrue();
        assertThat(login(MAILBOX, after)).as("a token from after the outage").isTrue();
    }

    @Test
    void theUpstreamAcceptsOnlyUnexpiredTokensOfItsIssuerForTheRightMailbox() throws Exception {
        tokens.registerClient("mail-app", "mail-secret");
        upstream.allowApp("mail-app", MAILBOX);
        String appToken = (String) clientCredentials("mail-app", "mail-secret").get("access_token");
        tokens.registerServiceAccount("bearer@shop.iam.gserviceaccount.com", keys.certificate());
        Map<String, Object> bearer = post(Map.of("grant_type", AuthorizationServerGate.JWT_BEARER, "scope", SCOPE,
                "assertion", assertion(keys, "bearer@shop.iam.gserviceaccount.com", MAILBOX, null)));
        assertThat(bearer).containsKey("access_token");
        String mailboxToken = (String) bearer.get("access_token");
        tokens.tokenLifetime(Duration.ofSeconds(1));
        String shortLived;
        try {
            shortLived = (String) clientCredentials("mail-app", "mail-secret").get("access_token");
        } finally {
            tokens.tokenLifetime(Duration.ofHours(1));
        }
        String foreign;
        try (MockAuthorizationServer other = MockAuthorizationServer.start()) {
            other.registerClient("mail-app", "mail-secret");
            foreign = (String) post(other, Map.of("grant_type", "client_credentials", "scope", SCOPE),
                    "mail-app", "mail-secret").get("access_token");
        }

        assertThat(login(MAILBOX, appToken)).as("an allowed app's token: %s", upstream.logins()).isTrue();
        assertThat(login("other@example.net", appToken)).as("an app not allowed for that mailbox").isFalse();
        assertThat(login(MAILBOX, mailboxToken)).as("the mailbox's own token: %s", upstream.logins()).isTrue();
        assertThat(login("other@example.net", mailboxToken)).as("another mailbox's token").isFalse();
        assertThat(login(MAILBOX, foreign)).as("another issuer's token").isFalse();
        assertThat(login(MAILBOX, appToken.substring(0, appToken.length() - 4) + "AAAA")).as("a forged signature").isFalse();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> SignedJWT.parse(shortLived).getJWTClaimsSet().getExpirationTime().toInstant().isBefore(Instant.now()));
        assertThat(login(MAILBOX, shortLived)).as("an expired token").isFalse();
        assertThat(upstream.expiredTokensOffered()).singleElement().satisfies(l -> assertThat(l.token()).isEqualTo(shortLived));

        upstream.refuseNextTokenOf(MAILBOX);
        assertThat(login(MAILBOX, mailboxToken)).as("refused once as revoked").isFalse();
        assertThat(login(MAILBOX, mailboxToken)).as("and from then on").isFalse();
        assertThat(login(MAILBOX, appToken)).as("another token is good").isTrue();
    }

    // ---- helpers ----

    private static Map<String, Object> clientCredentials(String clientId, String secret) throws Exception {
        return post(tokens, Map.of("grant_type", "client_credentials", "scope", SCOPE), clientId, secret);
    }

    private static Map<String, Object> refresh(String clientId, String refreshToken) throws Exception {
        return post(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId, "scope", SCOPE));
    }

    private static Map<String, Object> post(Map<String, String> form) throws Exception {
        return post(tokens, form, null, null);
    }

    private static Map<String, Object> post(MockAuthorizationServer server, Map<String, String> form, String clientId,
                                            String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))));
        if (clientId != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient client = server == tokens ? http : HttpClient.newBuilder().sslContext(server.clientContext()).build();
        return JSONObjectUtils.parse(client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** An RS256 assertion signed with {@code signer}'s key; {@code named} (if any) goes in x5t#S256. */
    private static String assertion(ClientKeys signer, String issuer, String subject, ClientKeys named) throws JOSEException {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256);
        if (named != null) {
            try {
                header.x509CertSHA256Thumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(named.certificate().getEncoded())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(header.build(), new JWTClaimsSet.Builder().issuer(issuer).subject(subject)
                .audience(tokens.tokenEndpoint().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString()).claim("scope", SCOPE).build());
        jwt.sign(new RSASSASigner(signer.privateKey()));
        return jwt.serialize();
    }

    private static SSLContext trustingTheUpstream() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TestCertificates.localhost().trust()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AUTH XOAUTH2 with Angus Mail over STARTTLS: whether the upstream lets {@code user} in with {@code token}. */
    private static boolean login(String user, String token) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.socketFactory", trustingTheUpstream().getSocketFactory());
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.auth.mechanisms", "XOAUTH2");
        try (Transport transport = Session.getInstance(props).getTransport("smtp")) {
            transport.connect("localhost", upstream.port(), user, token);
            return true;
        } catch (AuthenticationFailedException e) {
            return false;
        }
    }
}
