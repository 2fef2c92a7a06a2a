package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.policy.DeliveryPacer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relay processes on one database share the queue under load, and no message is delivered twice; a store's rate
 * limit and its cap on connections hold for both together.
 */
class SharedQueueIT {
    @TempDir
    Path dir;

    @Test
    void twoProcessesShareTheQueueWithoutDeliveringAnyMessageTwice() {
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dir);
        try (FakeUpstream upstream = FakeUpstream.plain();
             RelayProcess a = relay(db, "a");
             RelayProcess b = relay(db, "b")) {
            AdminApi api = companyDeliveringTo(a, upstream, b);

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

    @Test
    void aStoresRateLimitHoldsForBothProcessesTogether() throws Exception {
        int perMinute = 60;
        int messagesEach = 5;
        Duration spacing = DeliveryPacer.spacing(new RateLimit(perMinute));
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dir);
        try (FakeUpstream upstream = FakeUpstream.plain();
             RelayProcess a = relay(db, "a");
             RelayProcess b = relay(db, "b")) {
            AdminApi api = companyDeliveringTo(a, upstream, b);
            api.ok(api.put("/api/units/company/limits", "{\"messagesPerMinute\":" + perMinute + "}"));

            RelayClient toA = new RelayClient(a.smtpPort());
            RelayClient toB = new RelayClient(b.smtpPort());
            for (int i = 0; i < messagesEach; i++) {
                toA.send("company", "erp@legacy.local", "a" + i + "@example.com", "paced through relay-a");
                toB.send("company", "erp@legacy.local", "b" + i + "@example.com", "paced through relay-b");
            }
            int messages = 2 * messagesEach;
            await().atMost(spacing.multipliedBy(messages).plusSeconds(30)).until(() -> RateLimitIT.messagesOf(api, "company")
                    .stream().filter(m -> m.get("status").asText().equals("DELIVERED")).count() == messages);

            List<Instant> sent = RateLimitIT.messagesOf(api, "company").stream()
                    .map(m -> Instant.parse(m.at("/recipients/0/updatedAt").asText())).sorted().toList();
            long byA = upstream.received().stream().filter(r -> r.text().contains("by relay-a.test (store-relay)")).count();
            System.out.printf("shared rate limit: %d messages over %d ms at %d/min, %d sent by relay-a, %d by relay-b%n",
                    messages, Duration.between(sent.get(0), sent.get(messages - 1)).toMillis(), perMinute, byA, messages - byA);
            Instant firstReceived = RateLimitIT.messagesOf(api, "company").stream()
                    .map(m -> Instant.parse(m.get("receivedAt").asText())).min(Instant::compareTo).orElseThrow();
            // The first slot is no earlier than the first message, and the upstream accepts a message after its
            // slot; each process pacing on its own would send two messages at every slot.
            for (int i = 1; i < messages; i++) {
                assertThat(Duration.between(firstReceived, sent.get(i))).as("message %d of the limited store", i)
                        .isGreaterThanOrEqualTo(spacing.multipliedBy(i));
            }
        }
    }

    @Test
    void aStoresCapOnConnectionsHoldsForBothProcessesTogether() throws Exception {
        int messagesEach = 15;
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dir);
        try (FakeUpstream upstream = FakeUpstream.plain();
             RelayProcess a = relay(db, "a");
             RelayProcess b = relay(db, "b")) {
            AdminApi api = companyDeliveringTo(a, upstream, b);
            api.ok(api.put("/api/units/company/limits", "{\"maxConnections\":1}"));

            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> sending = new ArrayList<>();
                for (RelayProcess relay : List.of(a, b)) {
                    RelayClient client = new RelayClient(relay.smtpPort());
                    sending.add(clients.submit(() -> {
                        for (int i = 0; i < messagesEach; i++) {
                            client.send("company", "erp@legacy.local", relay.smtpPort() + "-" + i + "@example.com", "one connection");
                        }
                        return null;
                    }));
                }
                for (Future<?> done : sending) {
                    done.get();
                }
            } finally {
                clients.shutdownNow();
            }
            int messages = 2 * messagesEach;
            await().atMost(Duration.ofSeconds(90)).until(() -> RateLimitIT.messagesOf(api, "company").stream()
                    .filter(m -> m.get("status").asText().equals("DELIVERED")).count() == messages);

            long byA = upstream.received().stream().filter(r -> r.text().contains("by relay-a.test (store-relay)")).count();
            System.out.printf("shared connection cap: %d messages over %d connection(s), at most %d open at once (cap 1),"
                    + " %d sent by relay-a, %d by relay-b%n", messages, upstream.connections(), upstream.mostOpenAtOnce(),
                    byA, messages - byA);
            assertThat(upstream.mostOpenAtOnce()).as("connections open at once, both processes together").isEqualTo(1);
            assertThat(CrashIT.deliveredRecipients(upstream)).hasSize(messages)
                    .allSatisfy((recipient, count) -> assertThat(count).as(recipient).isEqualTo(1L));
            assertThat(RateLimitIT.messagesOf(api, "company")).as("waiting for a connection is no attempt")
                    .allSatisfy(m -> assertThat(m.get("attempts").asInt()).isEqualTo(1));
        }
    }

    /** A relay process named relay-{name}.test on the shared database. */
    private RelayProcess relay(PersistenceConfig db, String name) {
        return RelayProcess.start(db, dir.resolve(name), dir.resolve(name + ".log"), Map.of("STORE_RELAY_HOSTNAME", "relay-" + name + ".test"));
    }

    /**
     * Sets up the root unit through {@code relay} and waits until {@code other} knows it too: another process sees a
     * change within about one poll of the configuration version, and mail sent to it before then names an unknown store.
     */
    private static AdminApi companyDeliveringTo(RelayProcess relay, FakeUpstream upstream, RelayProcess other) {
        AdminApi api = relay.api();
        api.companyDeliveringTo(upstream.port());
        AdminApi otherApi = other.api();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            AdminApi.Response effective = otherApi.get("/api/units/company/smtp/effective");
            return effective.status() == 200 && effective.body().contains("\"127.0.0.1\"");
        });
        return api;
    }
}
