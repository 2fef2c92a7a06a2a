package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelayCredentialsApiIT {
    private static final String PASSWORD = "Relay-Pa55word-12";
    private static final String OTHER_PASSWORD = "second-Relay-Pa55";

    @RegisterExtension
    final ApiServer api = new ApiServer().withTwoStores();

    @AfterEach
    void stop() {
        // The relay password, and its stored hash, never leave the server.
        assertThat(api.bodies()).noneMatch(b -> b.contains(PASSWORD) || b.contains(OTHER_PASSWORD)
                || b.contains("pbkdf2"));
    }

    @Test
    void aUnitWithoutCredentialShowsNoUserName() {
        HttpResponse<String> response = api.get("/api/units/s12/relay-credentials");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = api.json(response);
        assertThat(body.get("username").isNull()).isTrue();
        assertThat(body.get("passwordSet").asBoolean()).isFalse();
        assertThat(body.has("password")).isFalse();
    }

    @Test
    void putStoresAHashAndShowsOnlyTheUserName() {
        HttpResponse<String> put = api.put("/api/units/s12/relay-credentials",
                "{\"username\":\"erp-s12\",\"password\":\"" + PASSWORD + "\"}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> get = api.get("/api/units/s12/relay-credentials");
        for (HttpResponse<String> response : List.of(put, get)) {
            JsonNode body = api.json(response);
            assertThat(body.get("username").asText()).isEqualTo("erp-s12");
            assertThat(body.get("passwordSet").asBoolean()).isTrue();
            assertThat(body.size()).isEqualTo(2);
        }
        assertThat(api.relayCredentials.findByUnit(UnitId.of("s12")).orElseThrow().passwordHash())
                .startsWith("pbkdf2-sha256$").doesNotContain(PASSWORD);
    }

    @Test
    void putReplacesTheCredential() {
        api.put("/api/units/s12/relay-credentials", "{\"username\":\"erp-s12\",\"password\":\"" + PASSWORD + "\"}");
        String firstHash = api.relayCredentials.findByUnit(UnitId.of("s12")).orElseThrow().passwordHash();

        HttpResponse<String> put = api.put("/api/units/s12/relay-credentials",
                "{\"username\":\"erp-12\",\"password\":\"" + OTHER_PASSWORD + "\"}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(api.json(put).get("username").asText()).isEqualTo("erp-12");
        assertThat(api.relayCredentials.findByUnit(UnitId.of("s12")).orElseThrow().passwordHash()).isNotEqualTo(firstHash);
        assertThat(api.relayCredentials.findByUsername("erp-s12")).isEmpty();
    }

    @Test
    void badInputIsAFieldErrorThatDoesNotEchoThePassword() {
        HttpResponse<String> response = api.put("/api/units/s12/relay-credentials",
                "{\"username\":\"erp s12\",\"password\":\"short-pw\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode fields = api.json(response).get("fields");
        assertThat(fields.get("username").asText()).contains("no spaces");
        assertThat(fields.get("password").asText()).contains("12");
        assertThat(response.body()).doesNotContain("short-pw");

        HttpResponse<String> types = api.put("/api/units/s12/relay-credentials", "{\"username\":7,\"password\":[\"" + PASSWORD + "\"]}");
        assertThat(types.statusCode()).isEqualTo(400);
        assertThat(api.json(types).get("fields").get("username").asText()).isEqualTo("Must be a string or null.");
        assertThat(api.json(types).get("fields").get("password").asText()).isEqualTo("Must be a string or null.");

        HttpResponse<String> malformed = api.put("/api/units/s12/relay-credentials", "{\"password\":\"" + PASSWORD + "\"");
        assertThat(malformed.statusCode()).isEqualTo(400);

        HttpResponse<String> missing = api.put("/api/units/s12/relay-credentials", "{\"username\":\"erp\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(api.json(missing).get("fields").has("password")).isTrue();
        assertThat(api.relayCredentials.findByUnit(UnitId.of("s12"))).isEmpty();
    }

    @Test
    void aUserNameOfAnotherUnitIsAConflictNamingIt() {
        api.put("/api/units/s13/relay-credentials", "{\"username\":\"erp\",\"password\":\"" + PASSWORD + "\"}");

        HttpResponse<String> response = api.put("/api/units/s12/relay-credentials",
                "{\"username\":\"erp\",\"password\":\"" + OTHER_PASSWORD + "\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(api.json(response).get("error").asText()).contains("erp", "s13");
        assertThat(api.json(response).get("fields").get("username").asText()).contains("s13");
        assertThat(api.relayCredentials.findByUnit(UnitId.of("s12"))).isEmpty();
    }

    @Test
    void deleteRemovesTheCredential() {
        api.put("/api/units/s12/relay-credentials", "{\"username\":\"erp-s12\",\"password\":\"" + PASSWORD + "\"}");

        HttpResponse<String> delete = api.delete("/api/units/s12/relay-credentials");

        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(api.json(api.get("/api/units/s12/relay-credentials")).get("passwordSet").asBoolean()).isFalse();
        assertThat(api.delete("/api/units/s12/relay-credentials").statusCode()).isEqualTo(204);
    }

    @Test
    void anUnknownUnitIsNotFound() {
        assertThat(api.get("/api/units/nowhere/relay-credentials").statusCode()).isEqualTo(404);
        assertThat(api.put("/api/units/nowhere/relay-credentials",
                "{\"username\":\"erp\",\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/units/nowhere/relay-credentials").statusCode()).isEqualTo(404);
    }
}
