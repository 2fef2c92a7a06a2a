package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpSettingsApiIT {
    private static final String PASSWORD = "Pa55-word-north";
    private static final String OTHER_PASSWORD = "second-Pa55";

    @RegisterExtension
    final ApiServer api = new ApiServer().withRegionNorth();

    @BeforeEach
    void start() {
        api.unit("s13", "Store 13", "north");
    }

    @AfterEach
    void stop() {
        assertThat(api.bodies()).noneMatch(b -> b.contains(PASSWORD) || b.contains(OTHER_PASSWORD));
    }

    @Test
    void ownSettingsRoundTripWithoutThePassword() {
        HttpResponse<String> put = api.put("/api/units/north/smtp", """
                {"serverAddress":"Smtp.North.example","port":587,"login":"relay@north.example",
                 "password":"%s","secureSocketOptions":"START_TLS","outgoingEmailAddress":"north@example.com"}
                """.formatted(PASSWORD));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> get = api.get("/api/units/north/smtp");
        assertThat(get.statusCode()).isEqualTo(200);
        for (HttpResponse<String> r : List.of(put, get)) {
            JsonNode body = api.json(r);
            assertThat(body.get("serverAddress").asText()).isEqualTo("smtp.north.example");
            assertThat(body.get("port").asInt()).isEqualTo(587);
            assertThat(body.get("login").asText()).isEqualTo("relay@north.example");
            assertThat(body.get("passwordSet").asBoolean()).isTrue();
            assertThat(body.get("secureSocketOptions").asText()).isEqualTo("START_TLS");
            assertThat(body.get("outgoingEmailAddress").asText()).isEqualTo("north@example.com");
            assertThat(body.has("password")).isFalse();
            assertThat(r.body()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aUnitWithoutOwnSettingsShowsNulls() {
        JsonNode body = api.json(api.get("/api/units/s12/smtp"));

        assertThat(body.get("serverAddress").isNull()).isTrue();
        assertThat(body.get("port").isNull()).isTrue();
        assertThat(body.get("login").isNull()).isTrue();
        assertThat(body.get("passwordSet").asBoolean()).isFalse();
        assertThat(body.get("secureSocketOptions").isNull()).isTrue();
        assertThat(body.get("outgoingEmailAddress").isNull()).isTrue();
        assertThat(api.get("/api/units/nowhere/smtp").statusCode()).isEqualTo(404);
        assertThat(api.put("/api/units/nowhere/smtp", "{}").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/units/nowhere/smtp").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/units/nowhere/smtp/effective").statusCode()).isEqualTo(404);
    }

    @Test
    void anOmittedPasswordIsKeptAnEmptyOneClearedAndANewOneReplaces() {
        api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","login":"relay","password":"%s"}""".formatted(PASSWORD));

        HttpResponse<String> keep = api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","port":"2525","login":"relay"}""");
        assertThat(keep.statusCode()).as(keep.body()).isEqualTo(200);
        assertThat(api.json(keep).get("passwordSet").asBoolean()).isTrue();
        assertThat(storedPassword()).isEqualTo(new Secret(PASSWORD));

        HttpResponse<String> replace = api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","login":"relay","password":"%s"}""".formatted(OTHER_PASSWORD));
        assertThat(replace.statusCode()).isEqualTo(200);
        assertThat(storedPassword()).isEqualTo(new Secret(OTHER_PASSWORD));

        HttpResponse<String> clear = api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","login":"","password":""}""");
        assertThat(clear.statusCode()).as(clear.body()).isEqualTo(200);
        assertThat(api.json(clear).get("passwordSet").asBoolean()).isFalse();
        assertThat(api.json(clear).get("login").isNull()).isTrue();
        assertThat(storedPassword()).isNull();
    }

    @Test
    void clearingOnlyThePasswordLeavesALoginWithoutOne() {
        api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","login":"relay","password":"%s"}""".formatted(PASSWORD));

        HttpResponse<String> response = api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","login":"relay","password":null}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("fields").get("password").asText()).isEqualTo("A login needs a password.");
        assertThat(storedPassword()).isEqualTo(new Secret(PASSWORD));
    }

    @Test
    void fieldErrorsNameEachBadField() {
        HttpResponse<String> response = api.put("/api/units/north/smtp", """
                {"serverAddress":"not a host!","port":"abc","login":"relay",
                 "secureSocketOptions":"TLS_PLEASE","outgoingEmailAddress":"a@b.c\\r\\nBcc: x@y.z"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = api.json(response);
        assertThat(body.get("error").asText()).isEqualTo("invalid input");
        JsonNode fields = body.get("fields");
        assertThat(fields.get("serverAddress").asText()).contains("host name");
        assertThat(fields.get("port").asText()).contains("1 to 65535");
        assertThat(fields.get("password").asText()).isEqualTo("A login needs a password.");
        assertThat(fields.get("secureSocketOptions").asText()).contains("START_TLS_WHEN_AVAILABLE");
        assertThat(fields.get("outgoingEmailAddress").asText()).contains("e-mail address");
        assertThat(response.body()).doesNotContain("Bcc");
        assertThat(api.unitSettings.loadSettings(UnitId.of("north")).isEmpty()).isTrue();
    }

    @Test
    void headerInjectionInTheSenderIsRefused() {
        HttpResponse<String> response = api.put("/api/units/s12/smtp",
                "{\"outgoingEmailAddress\":\"a@b.c\\r\\nBcc: x@y.z\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("fields").has("outgoingEmailAddress")).isTrue();
        assertThat(api.unitSettings.loadSettings(UnitId.of("s12")).isEmpty()).isTrue();
    }

    @Test
    void thePortMayBeANumberANumericStringNullOrEmpty() {
        assertThat(portAfterPut("465")).isEqualTo("465");
        assertThat(portAfterPut("\"587\"")).isEqualTo("587");
        assertThat(portAfterPut("null")).isEqualTo("null");
        assertThat(portAfterPut("\"\"")).isEqualTo("null");

        for (String bad : new String[] {"0", "65536", "25.5", "true", "\"25a\"", "[25]"}) {
            HttpResponse<String> response = api.put("/api/units/north/smtp",
                    "{\"serverAddress\":\"smtp.example.com\",\"port\":" + bad + "}");
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(api.json(response).get("fields").get("port").asText()).as(bad).contains("1 to 65535");
        }
    }

    @Test
    void wrongJsonTypesUnknownPropertiesAndMalformedBodiesAreBadRequests() {
        HttpResponse<String> types = api.put("/api/units/north/smtp",
                "{\"serverAddress\":[\"x\"],\"login\":{},\"password\":12}");
        HttpResponse<String> unknown = api.put("/api/units/north/smtp",
                "{\"serverAddress\":\"smtp.example.com\",\"pasword\":\"x\",\"tls\":true}");
        HttpResponse<String> malformed = api.put("/api/units/north/smtp", "{\"password\":\"" + PASSWORD + "\",");

        assertThat(types.statusCode()).isEqualTo(400);
        assertThat(api.json(types).get("fields").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("serverAddress", "login", "password");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(api.json(unknown).get("error").asText()).contains("pasword").contains("tls");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(api.json(malformed).get("error").asText()).isEqualTo("malformed JSON");
    }

    @Test
    void deletingOwnSettingsInheritsAgain() {
        api.put("/api/units/s12/smtp", "{\"serverAddress\":\"smtp.s12.example\",\"outgoingEmailAddress\":\"s12@example.com\"}");
        api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.north.example\"}");

        HttpResponse<String> delete = api.delete("/api/units/s12/smtp");

        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(api.json(api.get("/api/units/s12/smtp")).get("serverAddress").isNull()).isTrue();
        JsonNode effective = api.json(api.get("/api/units/s12/smtp/effective"));
        assertThat(effective.get("connection").get("serverAddress").asText()).isEqualTo("smtp.north.example");
        assertThat(effective.get("outgoingEmailAddress").get("source").get("systemDefault").asBoolean()).isTrue();
    }

    @Test
    void effectiveSettingsNameWhereEachPartCameFrom() {
        api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","port":587,"login":"relay","password":"%s",
                 "secureSocketOptions":"START_TLS","outgoingEmailAddress":"north@example.com"}""".formatted(PASSWORD));
        api.put("/api/units/s12/smtp", "{\"outgoingEmailAddress\":\"s12@example.com\"}");

        HttpResponse<String> response = api.get("/api/units/s12/smtp/effective");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = api.json(response);
        assertThat(body.get("unitId").asText()).isEqualTo("s12");
        assertThat(body.get("canSend").asBoolean()).isTrue();
        JsonNode connection = body.get("connection");
        assertThat(connection.get("serverAddress").asText()).isEqualTo("smtp.north.example");
        assertThat(connection.get("port").asInt()).isEqualTo(587);
        assertThat(connection.get("portIsDefault").asBoolean()).isFalse();
        assertThat(connection.get("login").asText()).isEqualTo("relay");
        assertThat(connection.get("passwordSet").asBoolean()).isTrue();
        assertThat(connection.get("secureSocketOptions").asText()).isEqualTo("START_TLS");
        assertThat(connection.get("tls").get("behaviour").asText()).isEqualTo("STARTTLS_REQUIRED");
        assertThat(connection.get("tls").get("description").asText()).contains("fails if the server does not offer it");
        assertThat(connection.get("source").get("unitId").asText()).isEqualTo("north");
        assertThat(connection.get("source").get("unitName").asText()).isEqualTo("Region North");
        assertThat(body.get("outgoingEmailAddress").get("value").asText()).isEqualTo("s12@example.com");
        assertThat(body.get("outgoingEmailAddress").get("source").get("unitId").asText()).isEqualTo("s12");
        assertThat(body.get("outgoingEmailAddress").get("source").has("systemDefault")).isFalse();

        JsonNode sibling = api.json(api.get("/api/units/s13/smtp/effective"));
        assertThat(sibling.get("outgoingEmailAddress").get("value").asText()).isEqualTo("north@example.com");
        assertThat(sibling.get("outgoingEmailAddress").get("source").get("unitName").asText()).isEqualTo("Region North");
    }

    @Test
    void aStoreWithoutAnyServerCannotSendAndUsesTheSystemSender() {
        JsonNode body = api.json(api.get("/api/units/s12/smtp/effective"));

        assertThat(body.get("canSend").asBoolean()).isFalse();
        assertThat(body.get("connection").isNull()).isTrue();
        assertThat(body.get("outgoingEmailAddress").get("value").asText()).isEqualTo(ApiServer.DEFAULT_SENDER);
        assertThat(body.get("outgoingEmailAddress").get("source").get("systemDefault").asBoolean()).isTrue();
        assertThat(body.get("outgoingEmailAddress").get("source").has("unitId")).isFalse();
    }

    @Test
    void theConcreteTlsBehaviourFollowsTheOptionAndPort() {
        assertTls("AUTO", "465", 465, false, "IMPLICIT_TLS");
        assertTls("AUTO", "null", 25, true, "STARTTLS_WHEN_AVAILABLE");
        assertTls("AUTO", "587", 587, false, "STARTTLS_WHEN_AVAILABLE");
        assertTls("SSL_ON_CONNECT", "null", 465, true, "IMPLICIT_TLS");
        assertTls("START_TLS", "null", 25, true, "STARTTLS_REQUIRED");
        assertTls("START_TLS_WHEN_AVAILABLE", "\"\"", 25, true, "STARTTLS_WHEN_AVAILABLE");
        assertTls("NONE", "null", 25, true, "PLAIN");
        assertTls("none", "2525", 2525, false, "PLAIN");
    }

    private void assertTls(String option, String port, int effectivePort, boolean isDefault, String behaviour) {
        HttpResponse<String> put = api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.example.com\",\"port\":"
                + port + ",\"secureSocketOptions\":\"" + option + "\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode connection = api.json(api.get("/api/units/s12/smtp/effective")).get("connection");
        assertThat(connection.get("port").asInt()).as(option + " " + port).isEqualTo(effectivePort);
        assertThat(connection.get("portIsDefault").asBoolean()).as(option + " " + port).isEqualTo(isDefault);
        assertThat(connection.get("tls").get("behaviour").asText()).as(option + " " + port).isEqualTo(behaviour);
    }

    private String portAfterPut(String port) {
        HttpResponse<String> response = api.put("/api/units/north/smtp",
                "{\"serverAddress\":\"smtp.example.com\",\"port\":" + port + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return api.json(api.get("/api/units/north/smtp")).get("port").asText();
    }

    @Test
    void aPutThatLeavesOutTheLoginWhileAPasswordIsStoredIsRefusedAndChangesNothing() {
        api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","login":"relay","password":"%s","outgoingEmailAddress":"north@example.com"}"""
                .formatted(PASSWORD));

        for (String leftOut : List.of("{\"serverAddress\":\"smtp.north.example\",\"port\":2525}",
                "{\"serverAddress\":\"smtp.north.example\",\"login\":null}", "{\"outgoingEmailAddress\":\"n@example.com\"}")) {
            HttpResponse<String> response = api.put("/api/units/north/smtp", leftOut);

            assertThat(response.statusCode()).as(leftOut).isEqualTo(400);
            assertThat(api.json(response).get("fields").get("password").asText()).isEqualTo(SmtpSettingsRoutes.PUT_DROPS_PASSWORD)
                    .contains("\"password\": \"\"", "PATCH");
            assertThat(storedPassword()).isEqualTo(new Secret(PASSWORD));
            assertThat(api.json(api.get("/api/units/north/smtp")).get("login").asText()).isEqualTo("relay");
        }

        HttpResponse<String> cleared = api.put("/api/units/north/smtp", "{\"serverAddress\":\"smtp.north.example\",\"password\":\"\"}");
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        assertThat(api.json(cleared).get("login").isNull()).isTrue();
        assertThat(storedPassword()).isNull();
    }

    @Test
    void aMergePatchChangesOnlyTheGivenFieldsAndKeepsThePassword() {
        api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","port":587,"login":"relay","password":"%s",
                 "secureSocketOptions":"START_TLS","outgoingEmailAddress":"north@example.com"}""".formatted(PASSWORD));

        HttpResponse<String> patched = api.patch("/api/units/north/smtp", "{\"port\":2525}");

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        for (HttpResponse<String> r : List.of(patched, api.get("/api/units/north/smtp"))) {
            JsonNode body = api.json(r);
            assertThat(body.get("serverAddress").asText()).isEqualTo("smtp.north.example");
            assertThat(body.get("port").asInt()).isEqualTo(2525);
            assertThat(body.get("login").asText()).isEqualTo("relay");
            assertThat(body.get("passwordSet").asBoolean()).isTrue();
            assertThat(body.get("secureSocketOptions").asText()).isEqualTo("START_TLS");
            assertThat(body.get("outgoingEmailAddress").asText()).isEqualTo("north@example.com");
        }
        assertThat(storedPassword()).isEqualTo(new Secret(PASSWORD));

        assertThat(api.patch("/api/units/north/smtp", "{\"password\":\"%s\"}".formatted(OTHER_PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(storedPassword()).isEqualTo(new Secret(OTHER_PASSWORD));
        assertThat(api.patch("/api/units/north/smtp", "{}").statusCode()).isEqualTo(200);
        assertThat(storedPassword()).isEqualTo(new Secret(OTHER_PASSWORD));
    }

    @Test
    void aMergePatchsNullRemovesAFieldSoTheUnitInheritsIt() {
        api.put("/api/units/acme/smtp", "{\"outgoingEmailAddress\":\"acme@example.com\"}");
        api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","port":587,"secureSocketOptions":"START_TLS",
                 "outgoingEmailAddress":"north@example.com"}""");

        HttpResponse<String> patched = api.patch("/api/units/north/smtp", "{\"outgoingEmailAddress\":null,\"port\":null}");

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode own = api.json(patched);
        assertThat(own.get("outgoingEmailAddress").isNull()).isTrue();
        assertThat(own.get("port").isNull()).isTrue();
        assertThat(own.get("serverAddress").asText()).isEqualTo("smtp.north.example");
        assertThat(api.get("/api/units/north/smtp/effective").body()).contains("acme@example.com");
    }

    @Test
    void aMergePatchClearsThePasswordOnlyWhenToldAndValidatesAsAPut() {
        api.put("/api/units/north/smtp", """
                {"serverAddress":"smtp.north.example","login":"relay","password":"%s"}""".formatted(PASSWORD));

        HttpResponse<String> loginOnly = api.patch("/api/units/north/smtp", "{\"login\":null}");
        assertThat(loginOnly.statusCode()).isEqualTo(400);
        assertThat(api.json(loginOnly).get("fields").get("password").asText()).isEqualTo(SmtpSettingsRoutes.PATCH_DROPS_PASSWORD);
        HttpResponse<String> passwordOnly = api.patch("/api/units/north/smtp", "{\"password\":null}");
        assertThat(passwordOnly.statusCode()).isEqualTo(400);
        assertThat(api.json(passwordOnly).get("fields").get("password").asText()).isEqualTo("A login needs a password.");
        HttpResponse<String> badPort = api.patch("/api/units/north/smtp", "{\"port\":70000}");
        assertThat(badPort.statusCode()).isEqualTo(400);
        assertThat(api.json(badPort).get("fields").has("port")).isTrue();
        assertThat(storedPassword()).isEqualTo(new Secret(PASSWORD));

        HttpResponse<String> both = api.patch("/api/units/north/smtp", "{\"login\":null,\"password\":null}");
        assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
        assertThat(api.json(both).get("login").isNull()).isTrue();
        assertThat(api.json(both).get("serverAddress").asText()).isEqualTo("smtp.north.example");
        assertThat(storedPassword()).isNull();
    }

    @Test
    void aMergePatchNeedsItsMediaTypeAKnownUnitAndKnownProperties() {
        HttpResponse<String> asJson = api.send(api.request("/api/units/north/smtp")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"port\":25}")), ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        assertThat(asJson.statusCode()).isEqualTo(415);
        assertThat(asJson.body()).contains(SmtpSettingsPatch.MEDIA_TYPE);
        assertThat(api.patch("/api/units/nowhere/smtp", "{}").statusCode()).isEqualTo(404);
        assertThat(api.patch("/api/units/north/smtp", "{\"colour\":\"red\"}").statusCode()).isEqualTo(400);
        assertThat(api.patch("/api/units/north/smtp", "[]").statusCode()).isEqualTo(400);
        assertThat(api.json(api.get("/api/units/north/smtp")).get("port").isNull()).isTrue();
    }

    private Secret storedPassword() {
        return api.unitSettings.loadSettings(UnitId.of("north")).ownConnection().map(c -> c.password()).orElse(null);
    }
}
