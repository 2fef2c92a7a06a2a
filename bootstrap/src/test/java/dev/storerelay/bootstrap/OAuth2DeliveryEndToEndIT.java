package dev.storerelay.bootstrap;

import dev.storerelay.adapter.oauth2.ClientKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.bootstrap.MockAuthorizationServer.TokenRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery with OAuth 2.0 end to end. Stores are configured through the JSON API (README, *Another provider*:
 * {@code authentication: OAUTH2}, a {@code GENERIC} provider) against a real authorization server on loopback —
 * mock-oauth2-server over HTTPS, the stand-in for Entra ID and Google, which cannot be reached here — and deliver with
 * {@code AUTH XOAUTH2} to an upstream that accepts only a valid, unexpired token of that server for the right mailbox.
 * Legacy clients submit to the relay's listener; both servers are trusted through {@code STORE_RELAY_TRUSTSTORE}.
 * One relay for the class (restarted once, for the stored refresh token); the last test looks for secrets and
 * tokens in everything the others left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OAuth2DeliveryEndToEndIT {
    private static final String ADMIN_PASSWORD = "oauth2-e2e-admin-password";
    private static final String SCOPE = "smtp.send";
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MockAuthorizationServer tokens;
    private static Xoauth2Upstream upstream;
    private static AdminApi api;
    private static RelayClient client;
    /** Every secret the stores were given (right or wrong), for the leak check at the end. */
    private static final Set<String> secrets = ConcurrentHashMap.newKeySet();
    /** Every API response body of the relays before the last, whose AdminApi is gone. */
    private static final List<String> earlierResponses = new ArrayList<>();

    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).capturingLogs()
            .env(() -> tokens.relayTrustSettings(TestCertificates.localhost())).build();

    @BeforeAll
    static void start() {
        tokens = MockAuthorizationServer.start();
        upstream = Xoauth2Upstream.start(tokens, SCOPE, TestCertificates.localhost());
        useRelay();
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
    }

    @AfterAll
    static void stop() {
        upstream.close();
        tokens.close();
    }

    private static void useRelay() {
        api = relay.api();
        client = relay.client();
    }

    // ---- each grant ----

    @Test
    @Order(1)
    void eachGrantDeliversWithXoauth2AsTheMailbox() throws Exception {
        tokens.registerClient("secret-app", secret("secret-app-secret-0123456789"));
        upstream.allowApp("secret-app", "cs@shop.example");
        ClientKeys certificateKeys = ClientKeys.generate("certificate-app");
        tokens.registerClient("cert-app", certificateKeys.certificate());
        upstream.allowApp("cert-app", "cc@shop.example");
        ClientKeys bearerKeys = ClientKeys.generate("bearer-app");
        tokens.registerClient("bearer-app", bearerKeys.certificate());
        ClientKeys serviceAccountKeys = ClientKeys.generate("relay service account");
        tokens.registerServiceAccount("relay@shop.iam.gserviceaccount.com", serviceAccountKeys.certificate());
        String serviceAccount = serviceAccountKeys.serviceAccountJson("relay@shop.iam.gserviceaccount.com",
                "104857600123456789012", "key-1", tokens.tokenEndpoint().toString());
        for (ClientKeys keys : List.of(certificateKeys, bearerKeys, serviceAccountKeys)) {
            secrets.addAll(keys.privateKeyLines());
        }

        store("cc-secret", "cs@shop.example", oauth2("CLIENT_CREDENTIALS", "secret-app")
                .put("clientSecret", "secret-app-secret-0123456789"));
        store("cc-cert", "cc@shop.example", oauth2("CLIENT_CREDENTIALS", "cert-app")
                .put("privateKeyPem", certificateKeys.privateKeyPem()).put("certificatePem", certificateKeys.certificatePem()));
        store("bearer-key", "bk@shop.example", oauth2("JWT_BEARER", "bearer-app")
                .put("privateKeyPem", bearerKeys.privateKeyPem()).put("certificatePem", bearerKeys.certificatePem()));
        store("bearer-sa", "sa@shop.example", oauth2("JWT_BEARER", "104857600123456789012")
                .put("serviceAccountJson", serviceAccount));

        Map<String, String> mailboxes = Map.of("cc-secret", "cs@shop.example", "cc-cert", "cc@shop.example",
                "bearer-key", "bk@shop.example", "bearer-sa", "sa@shop.example");
        Map<String, Long> sent = new HashMap<>();
        for (String store : mailboxes.keySet()) {
            sent.put(store, send(store, "customer-of-" + store + "@example.com"));
        }
        await().atMost(DELIVERY).until(() -> sent.values().stream().allMatch(id -> status(id).equals("DELIVERED")));

        for (Map.Entry<String, String> store : mailboxes.entrySet()) {
            FakeUpstream.Received received = upstream.receivedFor("customer-of-" + store.getKey() + "@example.com").get(0);
            assertThat(received.login()).as(store.getKey()).isEqualTo(store.getValue());
            assertThat(received.tls()).isTrue();
            assertThat(received.envelopeFrom()).isEqualTo(store.getValue());
            assertThat(upstream.logins(store.getValue())).as(store.getKey()).isNotEmpty().allMatch(Xoauth2Upstream.Login::accepted);
        }
        assertThat(onlyRequestOf("secret-app")).satisfies(r -> {
            assertThat(r.grantType()).isEqualTo("client_credentials");
            assertThat(r.clientAuthentication()).isEqualTo("client_secret_basic");
        });
        assertThat(onlyRequestOf("cert-app")).satisfies(r -> {
            assertThat(r.grantType()).isEqualTo("client_credentials");
            assertThat(r.clientAuthentication()).as("an assertion the server verified with the certificate").isEqualTo("private_key_jwt");
        });
        assertThat(onlyRequestOf("bearer-app").grantType()).isEqualTo(AuthorizationServerGate.JWT_BEARER);
        assertThat(onlyRequestOf("relay@shop.iam.gserviceaccount.com")).satisfies(r -> {
            assertThat(r.grantType()).isEqualTo(AuthorizationServerGate.JWT_BEARER);
            assertThat(r.clientAuthentication()).as("Google: the signed assertion is all").isEqualTo("none");
        });
        String bearerToken = upstream.logins("bk@shop.example").get(0).token();
        assertThat(SignedJWT.parse(bearerToken).getJWTClaimsSet().getSubject()).as("a token for the mailbox").isEqualTo("bk@shop.example");
    }

    @Test
    @Order(2)
    void aRotatedRefreshTokenIsStoredAndStillWorksAfterARestart() throws Exception {
        tokens.registerPublicClient("delegated-app");
        String signedIn = secret(tokens.signIn("delegated-app", "rt@shop.example", SCOPE));
        store("refresh", "rt@shop.example", oauth2("REFRESH_TOKEN", "delegated-app").put("refreshToken", signedIn));

        long first = send("refresh", "first-after-sign-in@example.com");
        await().atMost(DELIVERY).until(() -> status(first).equals("DELIVERED"));

        List<TokenRequest> refreshes = refreshesOf("delegated-app");
        assertThat(refreshes).singleElement().satisfies(r -> {
            assertThat(r.refreshToken()).isEqualTo(signedIn);
            assertThat(r.succeeded()).isTrue();
        });
        String rotated = tokens.issuedRefreshTokens().get(tokens.issuedRefreshTokens().size() - 1);
        assertThat(rotated).isNotEqualTo(signedIn);
        assertThat(api.ok(api.get("/api/units/refresh/smtp")).at("/oauth2/refreshTokenSet").asBoolean()).isTrue();

        // The provider now refuses the signed-in token (rotation): after a restart only the stored rotated one works.
        earlierResponses.addAll(api.allBodies());
        relay.restart();
        useRelay();
        long second = send("refresh", "second-after-restart@example.com");
        await().atMost(DELIVERY).until(() -> status(second).equals("DELIVERED"));

        assertThat(refreshesOf("delegated-app")).hasSize(2).last().satisfies(r -> {
            assertThat(r.refreshToken()).as("the rotated token, from the database").isEqualTo(rotated);
            assertThat(r.succeeded()).isTrue();
        });
        assertThat(upstream.logins("rt@shop.example")).hasSize(2).allMatch(Xoauth2Upstream.Login::accepted);
        assertThat(api.ok(api.get("/api/units/refresh/smtp")).at("/oauth2/refreshTokenSet").asBoolean()).isTrue();
    }

    // ---- the token rules ----

    @Test
    @Order(3)
    void twoHundredMessagesOfOneStoreCauseOneTokenRequest() throws Exception {
        tokens.registerClient("busy-app", secret("busy-app-secret-0123456789"));
        upstream.allowApp("busy-app", "busy@shop.example");
        store("busy", "busy@shop.example", oauth2("CLIENT_CREDENTIALS", "busy-app").put("clientSecret", "busy-app-secret-0123456789"));

        for (int i = 0; i < 200; i++) {
            client.send("busy", "erp@legacy.local", "busy-" + i + "@example.com", "order " + i);
        }
        await().atMost(DELIVERY).until(() -> upstream.received().stream()
                .filter(r -> r.recipients().get(0).startsWith("busy-")).count() == 200);

        assertThat(tokens.tokenRequestCount("busy-app")).isEqualTo(1);
        assertThat(upstream.logins("busy@shop.example")).isNotEmpty().allMatch(Xoauth2Upstream.Login::accepted);
    }

    @Test
    @Order(4)
    void fiveSecondTokensAreRenewedBeforeTheyExpireWhileMailFlowsForTwentySeconds() throws Exception {
        tokens.registerClient("short-app", secret("short-app-secret-0123456789"));
        tokens.tokenLifetime(Duration.ofSeconds(5));
        try (Xoauth2Upstream oneByOne = Xoauth2Upstream.start(tokens, SCOPE, TestCertificates.localhost())) {
            oneByOne.allowApp("short-app", "short@shop.example");
            oneByOne.oneMessagePerConnection(true);
            store("short", "short@shop.example", oauth2("CLIENT_CREDENTIALS", "short-app")
                    .put("clientSecret", "short-app-secret-0123456789"), oneByOne.port());

            Instant end = Instant.now().plusSeconds(20);
            int sent = 0;
            while (Instant.now().isBefore(end)) {
                client.send("short", "erp@legacy.local", "short-" + sent++ + "@example.com", "paced");
                // The pace of the mail: more than a second apart, so that the relay checks its pooled connection
                // (closed by the upstream) before reuse and logs in on a new one.
                Thread.sleep(1_200);
            }
            int total = sent;
            await().atMost(DELIVERY).until(() -> oneByOne.received().size() == total);

            assertThat(oneByOne.expiredTokensOffered()).as("no login with an expired token").isEmpty();
            assertThat(oneByOne.logins()).hasSize(total).allMatch(Xoauth2Upstream.Login::accepted);
            Set<String> distinct = oneByOne.logins().stream().map(Xoauth2Upstream.Login::token).collect(Collectors.toSet());
            assertThat(distinct).as("renewed several times").hasSizeGreaterThanOrEqualTo(5);
            assertThat(tokens.tokenRequestCount("short-app")).as("renewed about every other message, not for each")
                    .isEqualTo(distinct.size()).isLessThanOrEqualTo(total * 2 / 3);
            for (Xoauth2Upstream.Login login : oneByOne.logins()) {
                // Renewed ahead of expiry (half way through so short a token), not at the last moment. The relay is
                // told expires_in 4 and exp is a whole second, so a token has 4-5 s at first: used twice, 1.2 s apart,
                // it has at least 2.8 s left; kept until its expires_in ran out, it would be used a fourth time,
                // 3.6 s after it was issued, with at most 1.4 s left.
                assertThat(Duration.between(login.at(), login.tokenExpires())).as("time left on a 5-second token when used")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThanOrEqualTo(Duration.ofSeconds(5));
            }
        } finally {
            tokens.tokenLifetime(Duration.ofHours(1));
        }
    }

    @Test
    @Order(5)
    void aTokenTheUpstreamRefusesIsReplacedOnceAndTheMessageDeliveredInTheSameAttempt() throws Exception {
        tokens.registerClient("revoked-app", secret("revoked-app-secret-0123456789"));
        upstream.allowApp("revoked-app", "rv@shop.example");
        upstream.refuseNextTokenOf("rv@shop.example");
        store("revoked", "rv@shop.example", oauth2("CLIENT_CREDENTIALS", "revoked-app")
                .put("clientSecret", "revoked-app-secret-0123456789"));

        long id = send("revoked", "after-revocation@example.com");
        await().atMost(DELIVERY).until(() -> status(id).equals("DELIVERED"));

        assertThat(attempts(id)).as("one attempt").hasSize(1);
        List<Xoauth2Upstream.Login> logins = upstream.logins("rv@shop.example");
        assertThat(logins).extracting(Xoauth2Upstream.Login::refusal).containsExactly("revoked", null);
        assertThat(logins.get(1).token()).isNotEqualTo(logins.get(0).token());
        assertThat(tokens.tokenRequestCount("revoked-app")).as("the first token and its one replacement").isEqualTo(2);
    }

    @Test
    @Order(6)
    void withTheTokenEndpointDownMailWaitsWithTheReasonAndGoesWhenItIsBack() throws Exception {
        tokens.registerClient("outage-app", secret("outage-app-secret-0123456789"));
        upstream.allowApp("outage-app", "down@shop.example");
        store("outage", "down@shop.example", oauth2("CLIENT_CREDENTIALS", "outage-app")
                .put("clientSecret", "outage-app-secret-0123456789"));
        String reason = "OAuth 2.0 token endpoint " + tokens.hostAndPort() + " unreachable";

        tokens.stop();
        long id;
        try {
            id = send("outage", "during-the-outage@example.com");
            await().atMost(DELIVERY).until(() -> message(id).get("attempts").asInt() >= 1);
            JsonNode waiting = message(id);
            assertThat(waiting.get("status").asText()).isEqualTo("QUEUED");
            assertThat(waiting.get("lastError").asText()).contains(reason);
            assertThat(waiting.at("/recipients/0/lastReply").asText()).startsWith(reason);
            assertThat(attempts(id).get(0).get("summary").asText()).contains(reason);
            assertThat(upstream.receivedFor("during-the-outage@example.com")).isEmpty();
        } finally {
            tokens.restart();
        }

        await().atMost(DELIVERY).until(() -> status(id).equals("DELIVERED"));
        assertThat(upstream.receivedFor("during-the-outage@example.com")).hasSize(1);
    }

    @Test
    @Order(7)
    void aWrongClientSecretShowsInvalidClientAndTheCorrectedSecretDeliversTheQueueAtOnce() throws Exception {
        tokens.registerClient("wrong-app", secret("wrong-app-right-secret-0123456789"));
        upstream.allowApp("wrong-app", "ws@shop.example");
        store("wrong-secret", "ws@shop.example", oauth2("CLIENT_CREDENTIALS", "wrong-app")
                .put("clientSecret", secret("an-old-expired-secret-9876543210")));

        for (int i = 0; i < 100; i++) {
            client.send("wrong-secret", "erp@legacy.local", "waiting-" + i + "@example.com", "order " + i);
        }
        await().atMost(DELIVERY).until(() -> {
            List<JsonNode> queued = messages("wrong-secret");
            return queued.size() == 100 && queued.stream().allMatch(m -> m.get("attempts").asInt() >= 1);
        });
        JsonNode one = message(messages("wrong-secret").get(0).get("id").asLong());
        assertThat(one.get("status").asText()).isEqualTo("QUEUED");
        assertThat(one.at("/recipients/0/lastReply").asText())
                .startsWith("OAuth 2.0 token refused by " + tokens.hostAndPort() + ": invalid_client");
        assertThat(one.at("/recipients/0/advice/cause").asText()).contains("did not accept the app's credentials");
        assertThat(one.at("/recipients/0/advice/fix").asText()).contains("client secret");

        // Wait until every message's next retry is seconds away, so that "at once" can be told from the retry.
        await().atMost(DELIVERY).until(() -> earliestRetry("wrong-secret").isAfter(Instant.now().plusSeconds(3)));
        Instant earliestRetry = earliestRetry("wrong-secret");
        assertThat(tokens.tokenRequests()).filteredOn(r -> "wrong-app".equals(r.clientId()))
                .as("a few requests for 100 messages, all refused").hasSizeBetween(1, 3)
                .allMatch(r -> "invalid_client".equals(r.error()));

        smtp("wrong-secret", "ws@shop.example", oauth2("CLIENT_CREDENTIALS", "wrong-app")
                .put("clientSecret", "wrong-app-right-secret-0123456789"), upstream.port());

        await().atMost(Duration.between(Instant.now(), earliestRetry)).alias("delivered before any message's retry was due")
                .until(() -> upstream.received().stream().filter(r -> r.recipients().get(0).startsWith("waiting-")).count() == 100);
        assertThat(tokens.tokenRequests()).filteredOn(r -> "wrong-app".equals(r.clientId()) && r.succeeded())
                .as("one token for the corrected secret").hasSize(1);
        await().atMost(DELIVERY).until(() -> messages("wrong-secret").stream().allMatch(m -> m.get("status").asText().equals("DELIVERED")));
    }

    // ---- secrets ----

    @Test
    @Order(100)
    void noSecretNorTokenInAnyResponsePageLogLineOrConnectionTest() throws Exception {
        List<String> units = List.of("cc-secret", "cc-cert", "bearer-key", "bearer-sa", "refresh", "busy", "revoked",
                "outage", "wrong-secret");
        List<String> everything = new ArrayList<>(earlierResponses);
        for (String unit : units) {
            JsonNode test = api.ok(api.post("/api/units/" + unit + "/smtp/test", "{}"));
            assertThat(test.get("success").asBoolean()).as(unit + ": " + test.get("verdict")).isTrue();
            assertThat(test.get("transcript").toString()).as("the token step is shown").contains("Access token obtained");
            api.get("/api/units/" + unit + "/smtp");
            api.get("/api/units/" + unit + "/smtp/effective");
            api.get("/api/messages?unit=" + unit + "&limit=500");
        }
        api.get("/api/audit?limit=500");
        everything.addAll(api.allBodies());

        AdminPageSession pages = AdminPageSession.signIn(relay.adminPort(), "admin", ADMIN_PASSWORD);
        for (String unit : units) {
            pages.get("/admin/setup/settings/communication/smtp-server?unit=" + unit);
            pages.get("/admin/delivery-log?unit=" + unit);
        }
        pages.get("/admin/audit");
        String pageTest = pages.post("/admin/setup/settings/communication/smtp-server/test", Map.of("unit", "cc-secret"));
        assertThat(pageTest).contains("Access token obtained");
        everything.addAll(pages.pages());

        List<String> relayLog = relay.logs().lines().stream().filter(OAuth2DeliveryEndToEndIT::isTheRelays).toList();
        assertThat(relayLog).as("the capture sees the relay's OAuth 2.0 lines")
                .anyMatch(line -> line.contains("invalid_client")).anyMatch(line -> line.contains("unreachable"));
        everything.addAll(relayLog);
        everything.add(relay.console());

        Set<String> forbidden = new HashSet<>(secrets);
        forbidden.addAll(tokens.secretsSeen());
        assertThat(tokens.issuedAccessTokens()).as("tokens issued, to look for").hasSizeGreaterThan(10);
        assertThat(forbidden).as("secrets and tokens to look for").hasSizeGreaterThan(30);
        for (String secret : forbidden) {
            assertThat(everything).as("responses, pages, log lines and console").noneMatch(text -> text.contains(secret));
        }
    }

    // ---- helpers ----

    /** A log line of the relay, not of the stand-in servers running in the same JVM. */
    private static boolean isTheRelays(String line) {
        return !line.startsWith("no.nav.") && !line.startsWith("okhttp3.") && !line.startsWith("org.subethamail.");
    }

    private static String secret(String value) {
        secrets.add(value);
        return value;
    }

    /**
     * The {@code oauth2} object (README, *Another provider*) for the stand-in: a GENERIC provider at its token
     * endpoint.
     */
    private static ObjectNode oauth2(String grant, String clientId) {
        return JSON.createObjectNode().put("provider", "GENERIC").put("grant", grant).put("clientId", clientId)
                .put("tokenEndpoint", tokens.tokenEndpoint().toString()).put("scope", SCOPE);
    }

    private static void store(String id, String mailbox, ObjectNode oauth2) {
        store(id, mailbox, oauth2, upstream.port());
    }

    /** A store under the company that sends as {@code mailbox} through {@code upstreamPort} with these OAuth 2.0 settings. */
    private static void store(String id, String mailbox, ObjectNode oauth2, int upstreamPort) {
        api.ok(api.put("/api/units/" + id, "{\"name\":\"Store " + id + "\",\"parentId\":\"company\"}"));
        smtp(id, mailbox, oauth2, upstreamPort);
    }

    /** {@code PUT /api/units/{id}/smtp}: STARTTLS to the upstream on loopback, logging in as the mailbox with OAuth 2.0. */
    private static void smtp(String id, String mailbox, ObjectNode oauth2, int upstreamPort) {
        ObjectNode smtp = JSON.createObjectNode().put("serverAddress", "localhost").put("port", upstreamPort)
                .put("secureSocketOptions", "START_TLS").put("login", mailbox).put("outgoingEmailAddress", mailbox)
                .put("authentication", "OAUTH2");
        smtp.set("oauth2", oauth2);
        api.ok(api.put("/api/units/" + id + "/smtp", smtp.toString()));
    }

    /** Submits one message of the store; its queue id from the relay's 250. */
    private static long send(String store, String recipient) throws Exception {
        String reply = client.send(store, "ERP <erp@legacy.local>", recipient, "order for " + recipient);
        assertThat(reply).startsWith("250");
        return Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1).strip());
    }

    private static JsonNode message(long id) {
        return api.ok(api.get("/api/messages/" + id));
    }

    private static String status(long id) {
        return message(id).get("status").asText();
    }

    private static List<JsonNode> attempts(long id) {
        return StreamSupport.stream(api.ok(api.get("/api/messages/" + id + "/attempts")).spliterator(), false).toList();
    }

    private static List<JsonNode> messages(String unit) {
        return StreamSupport.stream(api.ok(api.get("/api/messages?unit=" + unit + "&limit=500")).spliterator(), false).toList();
    }

    /** The soonest next attempt of the unit's pending mail. */
    private static Instant earliestRetry(String unit) {
        return messages(unit).stream().filter(m -> !m.get("nextAttemptAt").isNull())
                .map(m -> Instant.parse(m.get("nextAttemptAt").asText())).min(Comparator.naturalOrder()).orElse(Instant.MIN);
    }

    private static List<TokenRequest> requestsOf(String clientId) {
        return tokens.tokenRequests().stream().filter(r -> clientId.equals(r.clientId())).toList();
    }

    /** The relay's requests with the refresh token grant (the sign-in's code exchange was the admin's). */
    private static List<TokenRequest> refreshesOf(String clientId) {
        return requestsOf(clientId).stream().filter(r -> "refresh_token".equals(r.grantType())).toList();
    }

    private static TokenRequest onlyRequestOf(String clientId) {
        List<TokenRequest> requests = requestsOf(clientId);
        assertThat(requests).as(clientId).hasSize(1);
        assertThat(requests.get(0).succeeded()).as(clientId + ": " + requests.get(0).error()).isTrue();
        return requests.get(0);
    }
}
