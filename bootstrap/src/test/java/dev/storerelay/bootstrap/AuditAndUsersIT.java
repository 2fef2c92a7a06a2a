package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin users managed through the API, and the audit trail of the whole application: who changed which field of
 * which unit when, a password only as "set"/"changed"/"cleared" — never its value in any response.
 */
class AuditAndUsersIT {
    private static final String ADMIN_PASSWORD = "audit-admin-password";
    private static final String SMTP_PASSWORD = "smtp-password-never-shown";
    private static final String VIEWER_PASSWORD = "viewer-password-1";

    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).build();

    private static List<String> trail(JsonNode entries) {
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add(e.get("actor").asText() + " | " + e.get("unitId").asText() + " | "
                + e.get("field").asText() + " | " + e.get("change").asText()));
        return lines;
    }

    @Test
    void usersAreManagedAndEveryChangeIsAuditedWithoutSecrets() throws Exception {
        AdminApi admin = relay.api();
        admin.ok(admin.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        admin.ok(admin.put("/api/units/store-12", "{\"name\":\"Store 12\",\"parentId\":\"company\"}"));
        admin.ok(admin.put("/api/units/store-12/smtp", "{\"serverAddress\":\"smtp.example.com\",\"port\":587,"
                + "\"login\":\"shop\",\"password\":\"" + SMTP_PASSWORD + "\",\"secureSocketOptions\":\"START_TLS\"}"));
        admin.ok(admin.put("/api/units/store-12/smtp", "{\"serverAddress\":\"smtp.example.com\",\"port\":465,"
                + "\"login\":\"shop\",\"secureSocketOptions\":\"SSL_ON_CONNECT\"}"));

        admin.ok(admin.put("/api/users/viewer", "{\"password\":\"" + VIEWER_PASSWORD + "\",\"canSetup\":false}"));
        assertThat(admin.ok(admin.get("/api/users")).toString())
                .contains("{\"username\":\"admin\",\"canSetup\":true}", "{\"username\":\"viewer\",\"canSetup\":false}");
        AdminApi viewer = new AdminApi(relay.adminPort(), "viewer", VIEWER_PASSWORD);
        assertThat(viewer.get("/api/units/store-12/smtp").status()).isEqualTo(200);
        assertThat(viewer.put("/api/units/store-12/smtp", "{\"serverAddress\":\"evil.example\"}").status()).isEqualTo(403);
        assertThat(viewer.put("/api/users/viewer", "{\"canSetup\":true}").status()).isEqualTo(403);
        assertThat(admin.put("/api/users/x", "{\"password\":\"short\",\"canSetup\":false}").status()).isEqualTo(400);
        assertThat(admin.delete("/api/users/admin").status()).as("nobody removes themselves").isEqualTo(409);

        assertThat(trail(admin.ok(admin.get("/api/audit?unit=store-12")))).containsExactly(
                "admin | store-12 | Secure Socket Options | changed from START_TLS to SSL_ON_CONNECT",
                "admin | store-12 | Port Number | changed from 587 to 465",
                "admin | store-12 | Secure Socket Options | set to START_TLS",
                "admin | store-12 | SMTP Server Password | set",
                "admin | store-12 | SMTP Server Login | set to shop",
                "admin | store-12 | Port Number | set to 587",
                "admin | store-12 | SMTP Server Address | set to smtp.example.com",
                "admin | store-12 | Unit | created as 'Store 12' below company");
        JsonNode everything = admin.ok(admin.get("/api/audit"));
        assertThat(everything.get(0).get("field").asText()).isEqualTo("Admin user viewer");
        assertThat(everything.get(0).get("change").asText()).isEqualTo("created with the view permission");
        assertThat(everything.get(0).get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(admin.allBodies()).noneMatch(body -> body.contains(SMTP_PASSWORD) || body.contains(VIEWER_PASSWORD));
        assertThat(viewer.allBodies()).noneMatch(body -> body.contains(SMTP_PASSWORD));
    }
}
