package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upstream is down for a while and comes back: the mail waits with growing gaps between attempts (visible in
 * the attempt history), is delivered once the server is up, and a permanent 550 is recorded and not retried.
 */
class OutageIT {
    private static final String ADMIN_PASSWORD = "outage-admin";

    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).build();

    private static JsonNode messageTo(AdminApi api, String recipient) {
        for (JsonNode message : api.ok(api.get("/api/messages?unit=company"))) {
            if (message.at("/recipients/0/address").asText().equals(recipient)) {
                return message;
            }
        }
        throw new AssertionError("no message to " + recipient);
    }

    private static List<JsonNode> countedAttempts(AdminApi api, JsonNode message) {
        JsonNode attempts = api.ok(api.get("/api/messages/" + message.get("id").asText() + "/attempts"));
        return StreamSupport.stream(attempts.spliterator(), false).filter(a -> a.get("counted").asBoolean()).toList();
    }

    @Test
    void mailWaitsOutAnOutageWithBackoffAndAPermanentRefusalIsNotRetried() throws Exception {
        int upstreamPort = LoopbackPorts.unused();
        AdminApi api = relay.api();
        api.companyDeliveringTo(upstreamPort);
        RelayClient client = relay.client();
        client.send(null, "erp@legacy.local", "kept@example.com", "waits for the upstream");
        client.send(null, "erp@legacy.local", "reject-me@example.com", "will be refused");

        // First retry after 1 s, then 2 s, 4 s (±10 %): three failed attempts take about 3 s.
        await().atMost(Duration.ofSeconds(30)).until(() -> countedAttempts(api, messageTo(api, "kept@example.com")).size() >= 3);
        List<JsonNode> history = countedAttempts(api, messageTo(api, "kept@example.com"));
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < history.size(); i++) {
            gaps.add(Duration.between(Instant.parse(history.get(i - 1).get("at").asText()), Instant.parse(history.get(i).get("at").asText())));
        }
        assertThat(history).allSatisfy(a -> assertThat(a.get("summary").asText()).containsIgnoringCase("connect"));
        assertThat(gaps.get(1)).as("backoff grows: %s", gaps).isGreaterThan(gaps.get(0));
        assertThat(messageTo(api, "kept@example.com").get("status").asText()).isEqualTo("QUEUED");

        try (FakeUpstream upstream = FakeUpstream.plainOn(upstreamPort)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    messageTo(api, "kept@example.com").get("status").asText().equals("DELIVERED")
                            && messageTo(api, "reject-me@example.com").get("status").asText().equals("FAILED"));
            JsonNode refused = messageTo(api, "reject-me@example.com");
            assertThat(refused.at("/recipients/0/lastReply").asText()).startsWith("550").contains("no such user");
            int attemptsWhenRefused = refused.get("attempts").asInt();

            // A permanent refusal is final: no further attempt however long we wait (longer than the next backoff).
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> {
                JsonNode again = messageTo(api, "reject-me@example.com");
                return again.get("attempts").asInt() == attemptsWhenRefused && again.get("status").asText().equals("FAILED");
            });
            assertThat(upstream.received()).extracting(r -> r.recipients().get(0)).containsExactly("kept@example.com");
        }
    }
}
