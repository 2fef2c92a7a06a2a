package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings API with OAuth 2.0 (README, *Admin JSON API*): the authentication method, the oauth2 object and its write-only secrets. */
class OAuth2SettingsApiIT {
    private static final String CLIENT_SECRET = "the-client-secret-value";
    private static final String REFRESH_TOKEN = "the-refresh-token-value";
    private static final String PIN = "3A:5F:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";

    @RegisterExtension
    final ApiServer api = new ApiServer();

    @BeforeEach
    void start() {
        api.unit("acme", "Acme", null);
        api.unit("s12", "Store 12", "acme");
    }

    @AfterEach
    void stop() {
        assertThat(api.bodies()).noneMatch(b -> b.contains(CLIENT_SECRET) || b.contains(REFRESH_TOKEN));
    }

    @Test
    void theDesignsExampleRoundTripsWithEverySecretWriteOnly() {
        HttpResponse<String> put = api.put("/api/units/s12/smtp", """
                {"serverAddress": "smtp.example.net", "port": 587, "secureSocketOptions": "START_TLS",
                 "login": "store12@example.net", "outgoingEmailAddress": "store12@example.net",
                 "authentication": "OAUTH2",
                 "oauth2": {"provider": "GENERIC", "grant": "CLIENT_CREDENTIALS", "clientId": "relay",
                            "clientSecret": "%s", "tokenEndpoint": "https://login.example.net/token",
                            "scope": "smtp.send"}}
                """.formatted(CLIENT_SECRET));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        for (HttpResponse<String> r : List.of(put, api.get("/api/units/s12/smtp"))) {
            JsonNode body = api.json(r);
            assertThat(body.get("authentication").asText()).isEqualTo("OAUTH2");
            assertThat(body.get("login").asText()).isEqualTo("store12@example.net");
            assertThat(body.get("passwordSet").asBoolean()).isFalse();
            JsonNode oauth2 = body.get("oauth2");
            assertThat(oauth2.get("provider").asText()).isEqualTo("GENERIC");
            assertThat(oauth2.get("grant").asText()).isEqualTo("CLIENT_CREDENTIALS");
            assertThat(oauth2.get("clientId").asText()).isEqualTo("relay");
            assertThat(oauth2.get("clientSecretSet").asBoolean()).isTrue();
            assertThat(oauth2.get("privateKeySet").asBoolean()).isFalse();
            assertThat(oauth2.get("serviceAccountSet").asBoolean()).isFalse();
            assertThat(oauth2.get("refreshTokenSet").asBoolean()).isFalse();
            assertThat(oauth2.get("tokenEndpoint").asText()).isEqualTo("https://login.example.net/token");
            assertThat(oauth2.get("scope").asText()).isEqualTo("smtp.send");
            assertThat(oauth2.has("clientSecret")).isFalse();
        }
        JsonNode effective = api.json(api.get("/api/units/s12/smtp/effective")).get("connection");
        assertThat(effective.get("authentication").asText()).isEqualTo("OAUTH2");
        assertThat(effective.at("/oauth2/clientSecretSet").asBoolean()).isTrue();
        assertThat(effective.at("/source/unitId").asText()).isEqualTo("s12");
    }

    @Test
    void anOmittedSecretIsKeptAnEmptyOneClearedAndAPasswordUnitShowsNoOAuth2() {
        api.put("/api/units/s12/smtp", """
                {"serverAddress": "smtp.example.net", "login": "s12@example.net", "authentication": "OAUTH2",
                 "oauth2": {"provider": "GENERIC", "grant": "REFRESH_TOKEN", "clientId": "relay",
                            "tokenEndpoint": "https://login.example.net/token", "scope": "smtp.send",
                            "refreshToken": "%s"}}""".formatted(REFRESH_TOKEN));
        String withoutSecret = """
                {"serverAddress": "smtp.example.net", "login": "s12@example.net", "authentication": "OAUTH2",
                 "oauth2": {"provider": "GENERIC", "grant": "REFRESH_TOKEN", "clientId": "relay",
                            "tokenEndpoint": "https://login.example.net/token", "scope": "smtp.send"%s}}""";
        assertThat(api.json(api.put("/api/units/s12/smtp", withoutSecret.formatted(""))).at("/oauth2/refreshTokenSet").asBoolean())
                .isTrue();
        assertThat(api.json(api.put("/api/units/s12/smtp", withoutSecret.formatted(", \"refreshToken\": \"\"")))
                .at("/oauth2/refreshTokenSet").asBoolean()).isFalse();

        JsonNode password = api.json(api.put("/api/units/s12/smtp", """
                {"serverAddress": "smtp.example.net", "login": "s12", "password": "pw-of-s12"}"""));
        assertThat(password.get("authentication").asText()).isEqualTo("PASSWORD");
        assertThat(password.get("oauth2").isNull()).isTrue();
    }

    @Test
    void fieldErrorsAreNamedInsideTheOAuth2Object() {
        HttpResponse<String> invalid = api.put("/api/units/s12/smtp", """
                {"serverAddress": "smtp.example.net", "authentication": "OAUTH2",
                 "oauth2": {"provider": "GENERIC", "grant": "CLIENT_CREDENTIALS",
                            "tokenEndpoint": "http://login.example.net/token"}}""");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(api.json(invalid).get("fields").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "login", "oauth2.clientId", "oauth2.clientSecret", "oauth2.tokenEndpoint", "oauth2.scope");

        HttpResponse<String> unknown = api.put("/api/units/s12/smtp", """
                {"serverAddress": "smtp.example.net", "login": "a@b.example", "authentication": "OAUTH2",
                 "oauth2": {"provider": "GENERIC", "clientSecrett": "typo", "grant": 7}}""");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(api.json(unknown).get("fields").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("oauth2.clientSecrett", "oauth2.grant");
    }

    @Test
    void aUnitsOwnTrustRoundTripsWithFingerprintsAsViewersShowThem() {
        HttpResponse<String> put = api.put("/api/units/s12/smtp", """
                {"serverAddress": "smtp.example.net", "trust": {"pinnedSha256": ["%s"]}}""".formatted(PIN.toLowerCase()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(api.json(api.get("/api/units/s12/smtp")).at("/trust/pinnedSha256/0").asText()).isEqualTo(PIN);
        HttpResponse<String> invalid = api.put("/api/units/s12/smtp", """
                {"serverAddress": "smtp.example.net", "trust": {"pinnedSha256": ["nope"], "caCertificatesPem": "nope"}}""");
        assertThat(api.json(invalid).get("fields").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("trust.pinnedSha256[0]", "trust.caCertificatesPem");
    }

    @Test
    void aMergePatchKeepsTheOAuth2SecretsItLeavesOutAndClearsThoseItSetsToNull() {
        api.put("/api/units/s12/smtp", """
                {"serverAddress": "smtp.example.net", "port": 587, "secureSocketOptions": "START_TLS",
                 "login": "store12@example.net", "authentication": "OAUTH2",
                 "oauth2": {"provider": "GENERIC", "grant": "CLIENT_CREDENTIALS", "clientId": "relay",
                            "clientSecret": "%s", "tokenEndpoint": "https://login.example.net/token",
                            "scope": "smtp.send"}}
                """.formatted(CLIENT_SECRET));

        HttpResponse<String> scope = api.patch("/api/units/s12/smtp", "{\"oauth2\": {\"scope\": \"smtp.send mail.read\"}}");

        assertThat(scope.statusCode()).as(scope.body()).isEqualTo(200);
        JsonNode oauth2 = api.json(scope).get("oauth2");
        assertThat(oauth2.get("scope").asText()).isEqualTo("smtp.send mail.read");
        assertThat(oauth2.get("clientId").asText()).isEqualTo("relay");
        assertThat(oauth2.get("clientSecretSet").asBoolean()).isTrue();

        HttpResponse<String> cleared = api.patch("/api/units/s12/smtp", "{\"oauth2\": {\"clientSecret\": null}}");
        assertThat(cleared.statusCode()).as("a client credentials grant needs its secret").isEqualTo(400);
        assertThat(api.json(cleared).get("fields").fieldNames()).toIterable().anyMatch(f -> f.startsWith("oauth2."));
        assertThat(api.json(api.get("/api/units/s12/smtp")).get("oauth2").get("clientSecretSet").asBoolean()).isTrue();
    }
}
