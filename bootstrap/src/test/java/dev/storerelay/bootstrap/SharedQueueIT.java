package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two relay processes on one database share the queue under load, and no message is delivered twice. */
class SharedQueueIT {
    @TempDir
    Path dir;

    @Test
    void twoProcessesShareTheQueueWithoutDeliveringAnyMessageTwice() {
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dir);
        try (FakeUpstream upstream = FakeUpstream.plain();
             RelayProcess a = RelayProcess.start(db, dir.resolve("a"), dir.resolve("a.log"), Map.of("STORE_RELAY_HOSTNAME", "relay-a.test"));
             RelayProcess b = RelayProcess.start(db, dir.resolve("b"), dir.resolve("b.log"), Map.of("STORE_RELAY_HOSTNAME", "relay-b.test"))) {
            AdminApi api = a.api();
            api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
            api.ok(api.put("/api/units/company/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstream.port()
                    + ",\"outgoingEmailAddress\":\"shop@shop.example\"}"));

            Set<String> acknowledged;
            try (LoadClients load = new LoadClients("shared", 3, a.smtpPort(), b.smtpPort())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 400);
                load.close();
                acknowledged = load.acknowledged();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> CrashIT.deliveredRecipients(upstream).keySet().containsAll(acknowledged));

            Map<String, Long> deliveries = CrashIT.deliveredRecipients(upstream);
            assertThat(deliveries).allSatisfy((recipient, count) -> assertThat(count).as(recipient).isEqualTo(1L));
            long byA = upstream.received().stream().filter(r -> r.text().contains("by relay-a.test (store-relay)")).count();
            long byB = upstream.received().stream().filter(r -> r.text().contains("by relay-b.test (store-relay)")).count();
            System.out.printf("shared queue: %d acknowledged, %d delivered by relay-a, %d by relay-b, 0 duplicates%n",
                    acknowledged.size(), byA, byB);
            assertThat(byA).as("relay-a delivered some").isPositive();
            assertThat(byB).as("relay-b delivered some").isPositive();
        }
    }
}
