package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesApiIT {
    private static final Instant RECEIVED = Instant.parse("2026-03-01T09:00:00Z");

    @RegisterExtension
    final ApiServer api = new ApiServer();

    @BeforeEach
    void start() {
        api.units.saveUnit(new OrgUnit(UnitId.of("company"), "Company", null));
        api.units.saveUnit(new OrgUnit(UnitId.of("north"), "Region North", UnitId.of("company")));
        api.units.saveUnit(new OrgUnit(UnitId.of("s12"), "Store 12", UnitId.of("north")));
        api.units.saveUnit(new OrgUnit(UnitId.of("s13"), "Store 13", UnitId.of("company")));
        api.units.saveUnit(new OrgUnit(UnitId.of("s14"), "Store 14", UnitId.of("company")));
        api.messages.add(message(1, "s12", MessageStatus.DELIVERED, RECEIVED,
                new RecipientView("a@example.com", RecipientStatus.DELIVERED, "250 2.0.0 ok", RECEIVED.plusSeconds(5))));
        api.messages.add(message(2, "s12", MessageStatus.FAILED, RECEIVED.plusSeconds(60),
                new RecipientView("b@example.com", RecipientStatus.FAILED, "550 5.1.1 no such user", RECEIVED.plusSeconds(65)),
                new RecipientView("c@example.com", RecipientStatus.DELIVERED, "250 ok", RECEIVED.plusSeconds(65))));
        api.messages.add(message(3, "s13", MessageStatus.HELD, RECEIVED.plusSeconds(120),
                new RecipientView("d@example.com", RecipientStatus.PENDING, null, RECEIVED.plusSeconds(120))));
    }

    @Test
    void listsMessagesNewestFirstWithRecipientsAndIsoInstants() {
        HttpResponse<String> response = api.get("/api/messages");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = api.json(response);
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("id").asLong()).isEqualTo(3);
        JsonNode failed = list.get(1);
        assertThat(failed.get("id").asLong()).isEqualTo(2);
        assertThat(failed.get("unitId").asText()).isEqualTo("s12");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("routing").get("reason").asText()).isEqualTo("STORE_HEADER");
        assertThat(failed.get("routing").get("explanation").asText()).contains("X-Store-Id");
        assertThat(failed.get("receivedAt").asText()).isEqualTo("2026-03-01T09:01:00Z");
        assertThat(failed.get("nextAttemptAt").isNull()).isTrue();
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("lastError").asText()).isEqualTo("550 5.1.1 no such user");
        assertThat(failed.get("recipients")).hasSize(2);
        assertThat(failed.get("recipients").get(0).get("address").asText()).isEqualTo("b@example.com");
        assertThat(failed.get("recipients").get(0).get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("recipients").get(0).get("lastReply").asText()).isEqualTo("550 5.1.1 no such user");
        assertThat(failed.get("recipients").get(0).get("updatedAt").asText()).isEqualTo("2026-03-01T09:01:05Z");
    }

    @Test
    void aRecipientWithAWellKnownReplyCarriesTheAdviceNextToIt() {
        api.messages.add(message(4, "s12", MessageStatus.QUEUED, RECEIVED.plusSeconds(180),
                new RecipientView("e@example.com", RecipientStatus.PENDING, "upstream smtp.office365.com refused the "
                        + "login: 535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be "
                        + "authenticated successfully. Contact your administrator.", RECEIVED.plusSeconds(185)),
                new RecipientView("f@example.com", RecipientStatus.FAILED, "550 5.7.60 SMTP; Client does not have "
                        + "permissions to send as this sender", RECEIVED.plusSeconds(185))));

        JsonNode one = api.json(api.get("/api/messages/4")).get("recipients");
        JsonNode inList = api.json(api.get("/api/messages?unit=s12")).get(0).get("recipients");

        for (JsonNode recipients : List.of(one, inList)) {
            JsonNode login = recipients.get(0).get("advice");
            assertThat(login.get("cause").asText()).startsWith("Microsoft 365 refused the login");
            assertThat(login.get("fix").asText()).contains("turn on Authenticated SMTP for the mailbox",
                    "OAuth 2.0 (Microsoft 365)");
            assertThat(recipients.get(1).get("advice").get("cause").asText()).contains("outgoing email address",
                    "Send As");
        }
        JsonNode failed = api.json(api.get("/api/messages/2")).get("recipients");
        assertThat(failed.get(0).get("lastReply").asText()).isEqualTo("550 5.1.1 no such user");
        assertThat(failed.get(0).has("advice")).isTrue();
        assertThat(failed.get(0).get("advice").isNull()).isTrue();
        assertThat(api.json(api.get("/api/messages/3")).get("recipients").get(0).get("advice").isNull()).isTrue();
    }

    @Test
    void showsTheAttemptHistoryOldestFirst() {
        api.messages.addAttempts(new MessageId(2), List.of(
                new AttemptView(RECEIVED.plusSeconds(1), true, false, "0 of 2 recipient(s) delivered; b@example.com: pending, connection refused"),
                new AttemptView(RECEIVED.plusSeconds(65), true, false, "1 of 2 recipient(s) delivered; b@example.com: failed, 550")));

        JsonNode history = api.json(api.get("/api/messages/2/attempts"));

        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("at").asText()).isEqualTo("2026-03-01T09:00:01Z");
        assertThat(history.get(0).get("counted").asBoolean()).isTrue();
        assertThat(history.get(0).get("held").asBoolean()).isFalse();
        assertThat(history.get(1).get("summary").asText()).contains("550");
        assertThat(api.get("/api/messages/99/attempts").statusCode()).isEqualTo(404);
    }

    @Test
    void filtersByUnitAndStatusAndPages() {
        assertThat(ids(api.get("/api/messages?unit=s12"))).containsExactly(2L, 1L);
        assertThat(ids(api.get("/api/messages?status=held"))).containsExactly(3L);
        assertThat(ids(api.get("/api/messages?unit=s12&status=DELIVERED"))).containsExactly(1L);
        assertThat(ids(api.get("/api/messages?limit=1&offset=1"))).containsExactly(2L);
        assertThat(ids(api.get("/api/messages?unit=&status="))).containsExactly(3L, 2L, 1L);
    }

    @Test
    void countsMessagesPerStatusWithEveryStatusPresent() {
        JsonNode all = api.json(api.get("/api/messages/counts"));
        JsonNode store = api.json(api.get("/api/messages/counts?unit=s12"));

        assertThat(all.get("DELIVERED").asLong()).isEqualTo(1);
        assertThat(all.get("FAILED").asLong()).isEqualTo(1);
        assertThat(all.get("HELD").asLong()).isEqualTo(1);
        assertThat(all.get("QUEUED").asLong()).isZero();
        assertThat(all).hasSize(MessageStatus.values().length);
        assertThat(store.get("HELD").asLong()).isZero();
        assertThat(store.get("FAILED").asLong()).isEqualTo(1);
        assertThat(api.get("/api/messages/counts?unit=no.such").statusCode()).isEqualTo(400);
    }

    @Test
    void theDefaultPageIsFiftyMessages() {
        for (long id = 10; id < 70; id++) {
            api.messages.add(message(id, "s14", MessageStatus.QUEUED, RECEIVED.plusSeconds(id * 1000),
                    new RecipientView("e@example.com", RecipientStatus.PENDING, null, RECEIVED)));
        }

        assertThat(api.json(api.get("/api/messages"))).hasSize(MessageRoutes.DEFAULT_LIMIT);
    }

    @Test
    void aUnitTakesInItsWholeSubtree() {
        assertThat(ids(api.get("/api/messages?unit=north"))).containsExactly(2L, 1L);
        assertThat(ids(api.get("/api/messages?unit=company"))).containsExactly(3L, 2L, 1L);
        assertThat(ids(api.get("/api/messages?unit=company&status=held"))).containsExactly(3L);
    }

    @Test
    void anUnknownUnitSaysSoInsteadOfAnEmptyList() {
        HttpResponse<String> response = api.get("/api/messages?unit=s99");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("fields").get("unit").asText()).contains("s99");
    }

    @Test
    void searchesByRecipientSenderSubjectMessageIdQueueIdAndTime() {
        api.messages.add(new MessageView(new MessageId(5), UnitId.of("s13"), MessageStatus.QUEUED, RoutingReason.STORE_HEADER,
                "X-Store-Id: s13", "ERP@Shop.example", 99, RECEIVED.plusSeconds(300), RECEIVED.plusSeconds(900),
                RECEIVED.plusSeconds(305), 1, "451 4.7.0 try later",
                List.of(new RecipientView("Anna.Berg@Example.com", RecipientStatus.PENDING, "451 4.7.0 try later",
                        RECEIVED.plusSeconds(305))), "Order confirmation 4711", "<4711@erp.local>", "store13@shop.example"));

        assertThat(ids(api.get("/api/messages?recipient=anna.berg@example.com"))).containsExactly(5L);
        assertThat(ids(api.get("/api/messages?recipient=anna*"))).containsExactly(5L);
        assertThat(ids(api.get("/api/messages?recipient=anna"))).as("whole address unless it ends with *").isEmpty();
        assertThat(ids(api.get("/api/messages?sender=erp@shop.example"))).containsExactly(5L);
        assertThat(ids(api.get("/api/messages?sender=app@*"))).containsExactly(3L, 2L, 1L);
        assertThat(ids(api.get("/api/messages?subject=order%20CONFIRMATION"))).containsExactly(5L);
        assertThat(ids(api.get("/api/messages?messageId=%3C4711@erp.local%3E"))).containsExactly(5L);
        assertThat(ids(api.get("/api/messages?messageId=4711@erp.local"))).containsExactly(5L);
        assertThat(ids(api.get("/api/messages?id=2"))).containsExactly(2L);
        assertThat(ids(api.get("/api/messages?since=2026-03-01T09:01:00Z&until=2026-03-01T09:05:00Z"))).containsExactly(3L, 2L);
        assertThat(ids(api.get("/api/messages?since=2026-03-01T10:01:00%2B01:00"))).as("an offset").containsExactly(5L, 3L, 2L);
        assertThat(ids(api.get("/api/messages?until=2026-03-01T09:00:30"))).as("no offset: UTC").containsExactly(1L);
        assertThat(ids(api.get("/api/messages?status=deferred"))).containsExactly(5L);
        assertThat(ids(api.get("/api/messages?unit=north&recipient=anna*"))).as("filters combine").isEmpty();

        JsonNode found = api.json(api.get("/api/messages?recipient=anna*")).get(0);
        assertThat(found.get("state").asText()).isEqualTo("DEFERRED");
        assertThat(found.get("status").asText()).isEqualTo("QUEUED");
        assertThat(found.get("subject").asText()).isEqualTo("Order confirmation 4711");
        assertThat(found.get("messageId").asText()).isEqualTo("<4711@erp.local>");
        assertThat(found.get("sentAs").asText()).isEqualTo("store13@shop.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"since=yesterday", "until=2026-13-01", "since=2026-03-01T09:00:00Z&until=2026-03-01T08:00:00Z",
            "id=abc", "id=0"})
    void badSearchValuesAreFieldErrors(String query) {
        HttpResponse<String> response = api.get("/api/messages?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        String field = query.substring(query.lastIndexOf('&') + 1, query.lastIndexOf('='));
        assertThat(api.json(response).get("fields").has(field)).as(response.body()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=LOST", "unit=no.such", "limit=0", "limit=501", "limit=ten", "offset=-1",
            "limit=99999999999999"})
    void badFiltersAreFieldErrors(String query) {
        HttpResponse<String> response = api.get("/api/messages?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        String field = query.substring(0, query.indexOf('='));
        assertThat(api.json(response).get("fields").has(field)).as(response.body()).isTrue();
    }

    @Test
    void everyOffsetUpToTheNamedMaximumIsAcceptedAndOneMoreIsRefusedNamingIt() {
        assertThat(ids(api.get("/api/messages?offset=2147483647"))).isEmpty();
        assertThat(ids(api.get("/api/messages?offset=1000000000"))).isEmpty();

        HttpResponse<String> beyond = api.get("/api/messages?offset=2147483648");
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(api.json(beyond).get("fields").get("offset").asText()).isEqualTo("Enter a whole number from 0 to 2147483647.");
    }

    @Test
    void showsOneMessage() {
        HttpResponse<String> response = api.get("/api/messages/3");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = api.json(response);
        assertThat(body.get("status").asText()).isEqualTo("HELD");
        assertThat(body.get("nextAttemptAt").asText()).isEqualTo("2026-03-06T09:02:00Z");
        assertThat(body.get("recipients").get(0).get("lastReply").isNull()).isTrue();
        assertThat(api.get("/api/messages/99").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/messages/abc").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/messages/0").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/messages/99999999999999999999").statusCode()).isEqualTo(400);
    }

    @Test
    void retryingAFailedMessageQueuesItAgain() {
        HttpResponse<String> response = api.post("/api/messages/2/retry");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = api.json(response);
        assertThat(body.get("status").asText()).isEqualTo("QUEUED");
        assertThat(body.get("recipients").get(0).get("status").asText()).isEqualTo("PENDING");
        assertThat(body.get("recipients").get(1).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(api.messages.findMessage(new MessageId(2)).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(api.deliverySignal.signals()).isEqualTo(1);
    }

    @Test
    void discardingAHeldMessageFailsItsPendingRecipients() {
        HttpResponse<String> response = api.post("/api/messages/3/discard");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = api.json(response);
        assertThat(body.get("status").asText()).isEqualTo("FAILED");
        assertThat(body.get("recipients").get(0).get("status").asText()).isEqualTo("FAILED");
        assertThat(response.body()).contains("discarded by an admin");
        assertThat(api.post("/api/messages/3/discard").statusCode()).isEqualTo(409);
        assertThat(api.post("/api/messages/1/discard").statusCode()).isEqualTo(409);
        assertThat(api.post("/api/messages/99/discard").statusCode()).isEqualTo(404);
        assertThat(api.send(api.request("/api/messages/2/discard").POST(java.net.http.HttpRequest.BodyPublishers.noBody()),
                ApiServer.VIEWER, ApiServer.VIEWER_PASSWORD).statusCode()).isEqualTo(403);
    }

    @Test
    void retryingADeliveredMessageIsAConflictAndAnUnknownOneNotFound() {
        HttpResponse<String> delivered = api.post("/api/messages/1/retry");
        HttpResponse<String> unknown = api.post("/api/messages/99/retry");

        assertThat(delivered.statusCode()).isEqualTo(409);
        assertThat(api.json(delivered).get("error").asText()).contains("delivered");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.json(unknown).get("error").asText()).isEqualTo("message 99 not found");
        assertThat(api.post("/api/messages/x/retry").statusCode()).isEqualTo(400);
        assertThat(api.deliverySignal.signals()).isZero();
    }

    @Test
    void savingSettingsReleasesHeldMail() {
        api.put("/api/units/company/smtp", "{\"serverAddress\":\"smtp.example.com\"}");

        assertThat(api.messages.findMessage(new MessageId(3)).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(api.deliverySignal.signals()).isEqualTo(1);
    }

    private List<Long> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return api.json(response).findValues("id").stream().map(JsonNode::asLong).toList();
    }

    private static MessageView message(long id, String store, MessageStatus status, Instant received,
                                       RecipientView... recipients) {
        boolean pending = status == MessageStatus.QUEUED || status == MessageStatus.HELD;
        return new MessageView(new MessageId(id), UnitId.of(store), status, RoutingReason.STORE_HEADER,
                "X-Store-Id: " + store, "app@shop.example", 1234, received,
                pending ? received.plusSeconds(5 * 24 * 3600) : null,
                status == MessageStatus.HELD ? null : received.plusSeconds(5), status == MessageStatus.HELD ? 0 : 1,
                status == MessageStatus.FAILED ? "550 5.1.1 no such user" : null, List.of(recipients));
    }
}
