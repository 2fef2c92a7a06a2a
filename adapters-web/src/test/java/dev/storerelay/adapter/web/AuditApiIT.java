package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/audit}: what admins did, also to messages, with who did it. */
class AuditApiIT {
    private static final Instant RECEIVED = Instant.parse("2026-03-01T09:00:00Z");

    @RegisterExtension
    final ApiServer api = new ApiServer();

    @BeforeEach
    void start() {
        api.messages.add(message(4, "s12", MessageStatus.FAILED, RecipientStatus.FAILED));
        api.messages.add(message(5, "s13", MessageStatus.HELD, RecipientStatus.PENDING));
    }

    @Test
    void retryAndDiscardAreListedWithTheActingUserAndTheMessage() {
        assertThat(api.post("/api/messages/4/retry").statusCode()).isEqualTo(202);
        assertThat(api.post("/api/messages/5/discard").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/messages/5/discard").statusCode()).as("nothing left to discard").isEqualTo(409);

        JsonNode trail = api.json(api.get("/api/audit"));
        assertThat(entries(trail)).containsExactly(
                Map.of("actor", "admin", "unitId", "s13", "field", "Message 5",
                        "change", "discarded: its undelivered recipients failed"),
                Map.of("actor", "admin", "unitId", "s12", "field", "Message 4", "change", "retried now (was failed)"));
        assertThat(entries(api.json(api.get("/api/audit?unit=s12")))).extracting(e -> e.get("field"))
                .containsExactly("Message 4");
    }

    @Test
    void aRetryOnTheAdminPageIsListedWithItsUser() {
        AdminBrowser browser = new AdminBrowser(api.server().port());
        browser.signIn(ApiServer.ADMIN, ApiServer.ADMIN_PASSWORD);
        browser.get(AdminLayout.DELIVERY_LOG);

        assertThat(browser.post(AdminLayout.DELIVERY_LOG + "/4/retry", Map.of()).statusCode()).isEqualTo(303);

        assertThat(entries(api.json(api.get("/api/audit")))).containsExactly(
                Map.of("actor", "admin", "unitId", "s12", "field", "Message 4", "change", "retried now (was failed)"));
    }

    @Test
    void everyOffsetUpToTheNamedMaximumIsAccepted() {
        assertThat(api.get("/api/audit?offset=2147483647").statusCode()).isEqualTo(200);
        HttpResponse<String> beyond = api.get("/api/audit?offset=2147483648");
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(api.json(beyond).get("fields").get("offset").asText()).isEqualTo("Enter a whole number from 0 to 2147483647.");
    }

    /** Each entry without its time (the clock is fixed), as field name to text. */
    private static List<Map<String, String>> entries(JsonNode trail) {
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode entry : trail) {
            out.add(Map.of("actor", entry.get("actor").asText(), "unitId", entry.get("unitId").asText(),
                    "field", entry.get("field").asText(), "change", entry.get("change").asText()));
        }
        return out;
    }

    private static MessageView message(long id, String store, MessageStatus status, RecipientStatus recipient) {
        return new MessageView(new MessageId(id), UnitId.of(store), status, RoutingReason.STORE_HEADER,
                "X-Store-Id: " + store, "app@shop.example", 1234, RECEIVED, null, null, 1,
                status == MessageStatus.FAILED ? "550 5.1.1 no such user" : null,
                List.of(new RecipientView("a@example.com", recipient, null, RECEIVED)));
    }
}
