package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store limited to a rate has its mail spread accordingly, while another store's mail flows at full speed. (The
 * limit is 300 per minute here, not Microsoft 365's 30, so the test takes seconds; the domain test spreads 100
 * messages at 30 per minute on a fake clock.)
 */
class RateLimitIT {
    private static final String ADMIN_PASSWORD = "limits-admin";
    private static final int MESSAGES = 10;

    @TempDir
    Path dataDir;

    private static List<JsonNode> messagesOf(AdminApi api, String unit) {
        List<JsonNode> out = new ArrayList<>();
        api.ok(api.get("/api/messages?unit=" + unit)).forEach(out::add);
        return out;
    }

    @Test
    void aLimitedStoreIsSpreadWhileAnotherStoreFlowsAtFullSpeed() throws Exception {
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dataDir);
        try (FakeUpstream upstream = FakeUpstream.plain();
             StoreRelay relay = StoreRelay.start(TestConfigs.config(db, dataDir, ADMIN_PASSWORD, Map.of("STORE_RELAY_DELIVERY_THREADS", "4")),
                     new PrintStream(OutputStream.nullOutputStream()))) {
            AdminApi api = new AdminApi(relay.adminPort(), "admin", ADMIN_PASSWORD);
            api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
            api.ok(api.put("/api/units/company/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstream.port() + "}"));
            api.ok(api.put("/api/units/slow", "{\"name\":\"Slow store\",\"parentId\":\"company\"}"));
            api.ok(api.put("/api/units/fast", "{\"name\":\"Fast store\",\"parentId\":\"company\"}"));
            api.ok(api.put("/api/units/slow/limits", "{\"messagesPerMinute\":300}"));          // one every 200 ms

            RelayClient client = new RelayClient(relay.smtpPort());
            for (int i = 0; i < MESSAGES; i++) {
                client.send("slow", "erp@legacy.local", "slow" + i + "@example.com", "limited");
                client.send("fast", "erp@legacy.local", "fast" + i + "@example.com", "unlimited");
            }

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    messagesOf(api, "fast").stream().allMatch(m -> m.get("status").asText().equals("DELIVERED")));
            long slowDeliveredWhenFastWasDone = messagesOf(api, "slow").stream()
                    .filter(m -> m.get("status").asText().equals("DELIVERED")).count();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    messagesOf(api, "slow").stream().allMatch(m -> m.get("status").asText().equals("DELIVERED")));

            List<Instant> slowSent = messagesOf(api, "slow").stream()
                    .map(m -> Instant.parse(m.at("/recipients/0/updatedAt").asText())).sorted().toList();
            List<Instant> fastSent = messagesOf(api, "fast").stream()
                    .map(m -> Instant.parse(m.at("/recipients/0/updatedAt").asText())).sorted().toList();
            Duration slowSpan = Duration.between(slowSent.get(0), slowSent.get(MESSAGES - 1));
            Duration fastSpan = Duration.between(fastSent.get(0), fastSent.get(MESSAGES - 1));
            System.out.printf("rate limit: %d slow messages over %d ms (limit 300/min), %d fast over %d ms; "
                    + "%d slow done when the fast store was%n", MESSAGES, slowSpan.toMillis(), MESSAGES, fastSpan.toMillis(),
                    slowDeliveredWhenFastWasDone);
            // Message i has the slot i x 200 ms after the first; a send may be late by a wake-up, never early.
            for (int i = 1; i < slowSent.size(); i++) {
                assertThat(Duration.between(slowSent.get(0), slowSent.get(i)))
                        .as("message %d of the limited store", i).isGreaterThanOrEqualTo(Duration.ofMillis(200L * i - 150));
            }
            assertThat(slowSpan).isGreaterThanOrEqualTo(Duration.ofMillis(1_600));
            assertThat(slowDeliveredWhenFastWasDone).as("the limited store did not hold up the other").isLessThan(MESSAGES);
            assertThat(upstream.awaitMessages(2 * MESSAGES)).hasSize(2 * MESSAGES);
        }
    }
}
