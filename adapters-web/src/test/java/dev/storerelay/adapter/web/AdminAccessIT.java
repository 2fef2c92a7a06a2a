package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessIT {
    @RegisterExtension
    final ApiServer api = new ApiServer();

    @BeforeEach
    void start() {
        api.unit("acme", "Acme", null);
    }

    @Test
    void withoutCredentialsTheApiAsksForBasicAuth() {
        HttpResponse<String> response = api.send(api.request("/api/units").GET(), null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Basic realm=\"store-relay\""));
        assertThat(api.json(response).get("error").asText()).isEqualTo("authentication required");
        assertThat(api.json(response).get("fields").isObject()).isTrue();
        assertThat(response.body()).doesNotContain("Acme");
    }

    @Test
    void aWrongPasswordOrUnknownUserIsRefused() {
        assertThat(api.send(api.request("/api/units").GET(), ApiServer.ADMIN, "wrong").statusCode()).isEqualTo(401);
        assertThat(api.send(api.request("/api/units").GET(), "nobody", ApiServer.ADMIN_PASSWORD).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "Basic !!!not-base64!!!", "Basic", "Basic YWRtaW4="})
    void malformedAuthorizationHeadersAreRefusedNotCrashed(String header) {
        HttpResponse<String> response = api.send(api.request("/api/units").header("Authorization", header).GET(), null, null);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void unknownPathsNeedCredentialsTooAndAnswerJson() {
        assertThat(api.send(api.request("/api/nothing-here").GET(), null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> response = api.get("/api/nothing-here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("error").asText()).isEqualTo("not found");
    }

    @Test
    void aViewOnlyUserMayReadButNotWrite() {
        assertThat(api.send(api.request("/api/units").GET(), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(api.send(api.request("/api/units/acme/smtp").GET(), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD)
                .statusCode()).isEqualTo(200);

        HttpResponse<String> put = api.send(api.request("/api/units/north")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"North\",\"parentId\":\"acme\"}")),
                ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);
        HttpResponse<String> delete = api.send(api.request("/api/units/acme").DELETE(), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);
        HttpResponse<String> putSmtp = api.send(api.request("/api/units/acme/smtp")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"serverAddress\":\"smtp.example.com\"}")),
                ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);
        HttpResponse<String> retry = api.send(api.request("/api/messages/1/retry").POST(HttpRequest.BodyPublishers.noBody()),
                ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD);

        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(putSmtp.statusCode()).isEqualTo(403);
        assertThat(retry.statusCode()).isEqualTo(403);
        assertThat(api.json(put).get("error").asText()).contains("setup permission");
        assertThat(api.units.loadOrgTree().units()).extracting(u -> u.id().value()).containsExactly("acme");
        assertThat(api.unitSettings.loadSettings(UnitId.of("acme")).isEmpty()).isTrue();
    }

    @Test
    void everyAnswerCarriesTheProtectiveHeaders() {
        for (HttpResponse<String> response : List.of(
                api.get("/api/units"),
                api.send(api.request("/api/units").GET(), null, null),
                api.get("/api/units/no.such"),
                api.get("/api/nothing-here"))) {
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/units/store.12", "/api/units/store%2012", "/api/units/%C3%A9",
            "/api/units/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/smtp",
            "/api/units/x%0D%0Ay/smtp/effective"})
    void invalidUnitIdsInPathsAreBadRequests(String path) {
        HttpResponse<String> response = api.get(path);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = api.json(response);
        assertThat(body.get("error").asText()).isEqualTo("invalid unit id");
        assertThat(body.get("fields").get("id").asText()).contains("1-64");
    }

    @Test
    void invalidUnitIdsAreBadRequestsForWritesToo() {
        assertThat(api.put("/api/units/bad.id", "{\"name\":\"X\"}").statusCode()).isEqualTo(400);
        assertThat(api.delete("/api/units/bad.id").statusCode()).isEqualTo(400);
        assertThat(api.put("/api/units/bad.id/smtp", "{}").statusCode()).isEqualTo(400);
        assertThat(api.put("/api/units/bad.id/routing", "{}").statusCode()).isEqualTo(400);
        assertThat(api.put("/api/units/bad.id/relay-credentials", "{}").statusCode()).isEqualTo(400);
        assertThat(api.delete("/api/units/bad.id/relay-credentials").statusCode()).isEqualTo(400);
        assertThat(api.delete("/api/units/bad.id/smtp").statusCode()).isEqualTo(400);
    }

    @Test
    void theConnectionTestAnswersWithTheReport() {
        HttpResponse<String> response = api.post("/api/units/acme/smtp/test");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.json(response).get("verdict").asText()).isEqualTo(FakeSmtpTester.VERDICT);
        assertThat(api.json(response).get("certificateChain").get(0).get("sha256").asText()).isEqualTo(FakeSmtpTester.FINGERPRINT);
        assertThat(api.json(response).get("certificateChain").get(0).get("notAfter").asText()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(api.smtpTester.lastRecipient()).isNull();

        HttpResponse<String> withRecipient = api.send(api.request("/api/units/acme/smtp/test")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"ops@example.com\"}")), ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        assertThat(withRecipient.statusCode()).isEqualTo(200);
        assertThat(api.json(withRecipient).get("transcript").get(0).get("direction").asText()).isEqualTo("SERVER");
        assertThat(api.smtpTester.lastRecipient()).hasToString("ops@example.com");

        HttpResponse<String> bad = api.send(api.request("/api/units/acme/smtp/test")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"not an address\"}")), ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(api.json(bad).get("fields").has("to")).isTrue();
        assertThat(api.post("/api/units/nobody/smtp/test").statusCode()).isEqualTo(404);
        assertThat(api.send(api.request("/api/units/acme/smtp/test").POST(HttpRequest.BodyPublishers.noBody()),
                ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD).statusCode()).isEqualTo(403);
    }

    @Test
    void aViewOnlyUserMayReadButNotChangeRoutingOrRelayCredentials() {
        assertThat(api.send(api.request("/api/units/acme/routing").GET(), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD)
                .statusCode()).isEqualTo(200);
        assertThat(api.send(api.request("/api/units/acme/relay-credentials").GET(), ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD)
                .statusCode()).isEqualTo(200);

        for (HttpRequest.Builder write : List.of(
                api.request("/api/units/acme/routing").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"senderPatterns\":[\"@legacy.local\"],\"clientNetworks\":[\"10.0.0.0/8\"]}")),
                api.request("/api/units/acme/relay-credentials").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"erp\",\"password\":\"long-enough-password\"}")),
                api.request("/api/units/acme/relay-credentials").DELETE())) {
            assertThat(api.send(write, ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD).statusCode()).isEqualTo(403);
        }
        assertThat(api.routing.loadRoutingTable().routings()).isEmpty();
        assertThat(api.relayCredentials.findByUnit(UnitId.of("acme"))).isEmpty();
    }
}
