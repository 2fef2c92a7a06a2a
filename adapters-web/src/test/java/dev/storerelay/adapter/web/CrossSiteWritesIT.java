package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes that another site's page makes a browser send, with the HTTP Basic credentials the browser remembered:
 * refused before any handler runs. The requests are built as a browser would send them.
 */
class CrossSiteWritesIT {
    private static final Instant RECEIVED = Instant.parse("2026-03-01T09:00:00Z");
    private static final String EVIL = "http://evil.example";

    @RegisterExtension
    final ApiServer api = new ApiServer();

    @BeforeEach
    void start() {
        api.unit("acme", "Acme", null);
        api.messages.add(new MessageView(new MessageId(4), UnitId.of("acme"), MessageStatus.HELD, RoutingReason.STORE_HEADER,
                "X-Store-Id: acme", "app@shop.example", 1234, RECEIVED, RECEIVED.plusSeconds(3600), null, 0, null,
                List.of(new RecipientView("a@example.com", RecipientStatus.PENDING, null, RECEIVED))));
    }

    @Test
    void anAutoSubmittedFormOfAnotherSiteDoesNotDiscardAMessageDespiteValidBasicCredentials() {
        HttpResponse<String> response = api.send(raw("/api/messages/4/discard")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "navigate")
                .POST(HttpRequest.BodyPublishers.ofString("x=1")), ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(api.json(response).get("error").asText()).startsWith("cross-site request refused");
        assertNotDiscarded();
    }

    @Test
    void eachSignOfAnotherSiteIsEnoughOnItsOwn() {
        assertThat(discard(Map.of("Content-Type", "application/json", "Origin", EVIL)).statusCode()).isEqualTo(403);
        assertThat(discard(Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site")).statusCode())
                .isEqualTo(403);
        assertThat(discard(Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "same-site")).statusCode())
                .as("another port or subdomain of the same site").isEqualTo(403);
        assertThat(discard(Map.of("Content-Type", "application/json", "Origin", "null")).statusCode())
                .as("a sandboxed frame").isEqualTo(403);
        assertThat(discard(Map.of("Content-Type", "application/json",
                "Origin", "http://127.0.0.1:" + (api.server().port() + 1))).statusCode()).as("another port").isEqualTo(403);
        assertThat(discard(Map.of("Content-Type", "application/x-www-form-urlencoded")).statusCode()).isEqualTo(415);
        assertNotDiscarded();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain;charset=UTF-8", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded"})
    void aBodyThatIsNotDeclaredJsonIsRefusedNamingTheTypeToSend(String contentType) {
        HttpResponse<String> response = api.send(raw("/api/messages/4/discard").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("{}")), ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(api.json(response).get("error").asText())
                .isEqualTo("unsupported media type: send the body with Content-Type: application/json or application/merge-patch+json");
        assertThat(api.json(response).get("fields").get("Content-Type").asText())
                .isEqualTo("Must be application/json or application/merge-patch+json.");
        assertNotDiscarded();
    }

    @Test
    void aWriteWithoutAnyContentTypeIsRefusedToo() {
        HttpResponse<String> post = api.send(raw("/api/messages/4/discard").POST(HttpRequest.BodyPublishers.noBody()),
                ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        HttpResponse<String> put = api.send(raw("/api/units/north")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"North\",\"parentId\":\"acme\"}")),
                ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        HttpResponse<String> delete = api.send(raw("/api/units/acme").DELETE(), ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);

        assertThat(List.of(post.statusCode(), put.statusCode(), delete.statusCode())).containsOnly(415);
        assertNotDiscarded();
        assertThat(api.units.loadOrgTree().units()).extracting(u -> u.id().value()).containsExactly("acme");
    }

    @Test
    void jsonWritesFromThisOriginOrFromNoBrowserPass() {
        String own = "http://127.0.0.1:" + api.server().port();
        HttpResponse<String> fromThePage = api.send(raw("/api/units/north").header("Content-Type", "application/json; charset=utf-8")
                .header("Origin", own).header("Sec-Fetch-Site", "same-origin")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"North\",\"parentId\":\"acme\"}")),
                ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        HttpResponse<String> mergePatch = api.send(raw("/api/units/south").header("Content-Type", "application/merge-patch+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"South\",\"parentId\":\"acme\"}")),
                ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        HttpResponse<String> typedByHand = discard(Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "none"));

        assertThat(fromThePage.statusCode()).as(fromThePage.body()).isEqualTo(201);
        assertThat(mergePatch.statusCode()).as(mergePatch.body()).isEqualTo(201);
        assertThat(typedByHand.statusCode()).as(typedByHand.body()).isEqualTo(200);
        assertThat(api.messages.findMessage(new MessageId(4)).orElseThrow().status()).isEqualTo(MessageStatus.FAILED);
    }

    @Test
    void readsAreNotRefused() {
        assertThat(api.send(raw("/api/units").header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").GET(),
                ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void aBrowserIsNotInvitedToRememberBasicCredentialsButOtherClientsAreChallenged() {
        for (Map<String, String> browser : List.of(Map.of("Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "none"),
                Map.of("Sec-Fetch-Dest", "image"), Map.of("Origin", EVIL),
                Map.of("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))) {
            HttpResponse<String> response = api.send(headers(raw("/api/units"), browser).GET(), null, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(browser.toString()).isEmpty();
            assertThat(api.json(response).get("error").asText()).isEqualTo("authentication required");
        }
        HttpResponse<String> wrong = api.send(raw("/api/units").header("Sec-Fetch-Mode", "cors").GET(),
                ApiServer.ADMIN, "wrong");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).as("wrong credentials from a browser").isEmpty();

        for (Map<String, String> script : List.of(Map.<String, String>of(), Map.of("Accept", "*/*"),
                Map.of("Accept", "application/json"), Map.of("Accept", "text/html;q=0"))) {
            HttpResponse<String> response = api.send(headers(raw("/api/units"), script).GET(), null, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(script.toString())
                    .hasValue(AdminAccess.REALM_CHALLENGE);
        }
    }

    @Test
    void adminPagePostsFromAnotherSiteAreRefusedEvenWithTheSessionAndToken() {
        AdminBrowser browser = new AdminBrowser(api.server().port());
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.get(AdminLayout.DELIVERY_LOG);

        HttpResponse<String> forged = browser.postFrom(AdminLayout.DELIVERY_LOG + "/4/discard", Map.of(),
                Map.of("Origin", EVIL, "Sec-Fetch-Site", "cross-site"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("This form was sent from another site");
        assertThat(forged.headers().firstValue("Content-Security-Policy")).isPresent();
        assertNotDiscarded();

        String own = "http://127.0.0.1:" + api.server().port();
        assertThat(browser.postFrom(AdminLayout.DELIVERY_LOG + "/4/retry", Map.of(),
                Map.of("Origin", own, "Sec-Fetch-Site", "same-origin")).statusCode()).isEqualTo(303);
        assertThat(browser.postFrom(AdminLayout.DELIVERY_LOG + "/4/retry", Map.of(),
                Map.of("Origin", "null", "Sec-Fetch-Site", "same-origin")).statusCode())
                .as("a page of ours whose referrer policy hid its origin").isEqualTo(303);
    }

    @Test
    void aSignInFromAnotherSiteIsRefused() {
        AdminBrowser browser = new AdminBrowser(api.server().port());
        browser.get(AdminPageAccess.SIGN_IN);

        HttpResponse<String> forged = browser.postFrom(AdminPageAccess.SIGN_IN,
                Map.of("username", ApiServer.ADMIN, "password", ApiServer.ADMIN_PASSWORD), Map.of("Origin", EVIL));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(AdminPageAccess.COOKIE + "="));
    }

    private HttpResponse<String> discard(Map<String, String> headers) {
        return api.send(headers(raw("/api/messages/4/discard"), headers).POST(HttpRequest.BodyPublishers.noBody()),
                ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
    }

    private void assertNotDiscarded() {
        MessageView message = api.messages.findMessage(new MessageId(4)).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.HELD);
        assertThat(message.recipients()).extracting(RecipientView::status).containsOnly(RecipientStatus.PENDING);
    }

    /** A request without the JSON Content-Type that {@link ApiServer#request} adds. */
    private HttpRequest.Builder raw(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.server().port() + path))
                .timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest.Builder headers(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        return request;
    }
}
