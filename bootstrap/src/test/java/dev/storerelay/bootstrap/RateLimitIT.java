package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.policy.DeliveryPacer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store limited to a rate has its mail spread accordingly, while another store's mail flows at full speed: 10
 * messages at 300 per minute (seconds), and the case, 100 messages at Microsoft 365's 30 per minute, in real
 * time (about 3.3 minutes: one every 2 s after the first).
 */
// Idle for minutes while the limit's slots pass, so it runs beside the other classes (bootstrap/pom.xml).
@Execution(ExecutionMode.CONCURRENT)
class RateLimitIT {
    private static final String ADMIN_PASSWORD = "limits-admin";

    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD)
            .env("STORE_RELAY_DELIVERY_THREADS", "4").build();

    static List<JsonNode> messagesOf(AdminApi api, String unit) {
        List<JsonNode> out = new ArrayList<>();
        api.ok(api.get("/api/messages?limit=500&unit=" + unit)).forEach(out::add);
        return out;
    }

    @Test
    void aLimitedStoreIsSpreadWhileAnotherStoreFlowsAtFullSpeed() throws Exception {
        spreads(10, 300);
    }

    @Test
    void aHundredMessagesAtThirtyPerMinuteAreSpreadInRealTimeWhileAnotherStoreFlowsAtFullSpeed() throws Exception {
        spreads(100, 30);
    }

    private void spreads(int messages, int perMinute) throws Exception {
        Duration interval = DeliveryPacer.spacing(new RateLimit(perMinute));
        Duration allSlots = interval.multipliedBy(messages - 1);
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            AdminApi api = relay.api();
            api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
            api.ok(api.put("/api/units/company/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstream.port() + "}"));
            api.ok(api.put("/api/units/slow", "{\"name\":\"Slow store\",\"parentId\":\"company\"}"));
            api.ok(api.put("/api/units/fast", "{\"name\":\"Fast store\",\"parentId\":\"company\"}"));
            api.ok(api.put("/api/units/slow/limits", "{\"messagesPerMinute\":" + perMinute + "}"));

            RelayClient client = relay.client();
            for (int i = 0; i < messages; i++) {
                client.send("slow", "erp@legacy.local", "slow" + i + "@example.com", "limited");
                client.send("fast", "erp@legacy.local", "fast" + i + "@example.com", "unlimited");
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> messagesOf(api, "fast").stream()
                    .filter(m -> m.get("status").asText().equals("DELIVERED")).count() == messages);
            long slowDeliveredWhenFastWasDone = messagesOf(api, "slow").stream()
                    .filter(m -> m.get("status").asText().equals("DELIVERED")).count();
            await().atMost(allSlots.plusSeconds(30)).until(() -> messagesOf(api, "slow").stream()
                    .filter(m -> m.get("status").asText().equals("DELIVERED")).count() == messages);

            List<Instant> slowSent = messagesOf(api, "slow").stream()
                    .map(m -> Instant.parse(m.at("/recipients/0/updatedAt").asText())).sorted().toList();
            List<Instant> fastSent = messagesOf(api, "fast").stream()
                    .map(m -> Instant.parse(m.at("/recipients/0/updatedAt").asText())).sorted().toList();
            Duration slowSpan = Duration.between(slowSent.get(0), slowSent.get(messages - 1));
            Duration fastSpan = Duration.between(fastSent.get(0), fastSent.get(messages - 1));
            System.out.printf("rate limit: %d slow messages over %d ms (limit %d/min), %d fast over %d ms; "
                    + "%d slow done when the fast store was%n", messages, slowSpan.toMillis(), perMinute, messages,
                    fastSpan.toMillis(), slowDeliveredWhenFastWasDone);
            // Message i has the slot i intervals after the first; a send may be late by a wake-up, never early.
            for (int i = 1; i < slowSent.size(); i++) {
                assertThat(Duration.between(slowSent.get(0), slowSent.get(i)))
                        .as("message %d of the limited store", i).isGreaterThanOrEqualTo(interval.multipliedBy(i).minusMillis(150));
            }
            // No more than the limit in any minute. Sends start on their slots; the times here are the upstream's
            // acceptances, which come later by the delivery's own time (the first also opens the connection).
            for (int i = perMinute; i < slowSent.size(); i++) {
                assertThat(Duration.between(slowSent.get(i - perMinute), slowSent.get(i)))
                        .as("%d messages of the limited store within a minute", perMinute + 1)
                        .isGreaterThanOrEqualTo(Duration.ofMinutes(1).minusMillis(500));
            }
            assertThat(slowSpan).isGreaterThanOrEqualTo(allSlots.minusMillis(150));
            assertThat(fastSpan).as("the other store at full speed").isLessThan(Duration.ofSeconds(10));
            assertThat(slowDeliveredWhenFastWasDone).as("the limited store did not hold up the other").isLessThan(messages);
            assertThat(upstream.awaitMessages(2 * messages)).hasSize(2 * messages);
        }
    }
}
