package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay process is killed with SIGKILL under load and started again: every message that got a 250 is
 * delivered, and the only duplicates are messages that were on their way upstream at the moment of the kill. With the
 * default embedded database, the server the killed relay left running is stopped when the relay starts again.
 */
class CrashIT {
    private static final int DELIVERY_THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageIsDeliveredAfterASigkillWithDuplicatesBoundedByTheInFlightMessages() {
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dir);
        Map<String, String> settings = Map.of("STORE_RELAY_DELIVERY_LEASE", "PT5S", "STORE_RELAY_UPSTREAM_TIMEOUT", "PT2S",
                "STORE_RELAY_DELIVERY_THREADS", Integer.toString(DELIVERY_THREADS));
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            RelayProcess first = RelayProcess.start(db, dir.resolve("first"), dir.resolve("first.log"), settings);
            AdminApi api = first.api();
            api.companyDeliveringTo(upstream.port());

            Set<String> acknowledged;
            try (LoadClients load = new LoadClients("crash", 4, first.smtpPort())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 300 && upstream.received().size() >= 100);
                first.kill();
                load.close();
                acknowledged = load.acknowledged();
            }
            int deliveredBeforeRestart = upstream.received().size();

            try (RelayProcess second = RelayProcess.start(db, dir.resolve("second"), dir.resolve("second.log"), settings)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> deliveredRecipients(upstream).keySet().containsAll(acknowledged));
            }

            Map<String, Long> deliveries = deliveredRecipients(upstream);
            long duplicates = deliveries.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            // Only mail in flight can be delivered twice: sent, but its outcome not yet committed when the process
            // died. A delivery thread hands a delivered outcome to the outcome recorder and moves on, so more than
            // one message per thread can be in that state; while the recorder keeps up (it commits every few
            // milliseconds), that is at most the hand-off's room and a claimed batch per thread.
            int inFlight = DELIVERY_THREADS * (DeliveryWiringModule.HANDOFF_PER_THREAD + ConfigModule.DELIVERY_BATCH);
            System.out.printf("crash test: %d acknowledged, %d delivered before the kill, %d delivered in all, %d duplicate(s), bound %d%n",
                    acknowledged.size(), deliveredBeforeRestart, deliveries.size(), duplicates, inFlight);
            assertThat(deliveries.keySet()).containsAll(acknowledged);
            assertThat(duplicates).isLessThanOrEqualTo(inFlight);
        }
    }

    @Test
    void theEmbeddedDatabaseAKilledRelayLeftRunningIsStoppedAtTheNextStartAndAGracefulStopStopsItLast() throws Exception {
        Path data = dir.resolve("data");
        Path firstLog = dir.resolve("embedded-first.log");
        Path secondLog = dir.resolve("embedded-second.log");
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            // The default set-up: no database configured, so the relay runs MariaDB in its data directory.
            RelayProcess first = RelayProcess.start(null, data, firstLog, Map.of());
            AdminApi api = first.api();
            api.companyDeliveringTo(upstream.port());
            // A cap, so that an upstream connection holds a permit in the database until the relay stops.
            api.ok(api.put("/api/units/company/limits", "{\"maxConnections\":1}"));
            new RelayClient(first.smtpPort()).send("company", "erp@legacy.local", "before@example.com", "before the kill");
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveredRecipients(upstream).containsKey("before@example.com"));
            assertThat(problems(firstLog)).as("the first start of a new data directory logs no warning").isEmpty();

            first.kill();
            List<ProcessHandle> leftRunning = mariaDbServersOn(data);
            assertThat(leftRunning).as("the killed relay's MariaDB still runs, holding the data directory").hasSize(1);

            try (RelayProcess second = RelayProcess.start(null, data, secondLog, Map.of())) {
                assertThat(leftRunning.get(0).isAlive()).isFalse();
                new RelayClient(second.smtpPort()).send("company", "erp@legacy.local", "after@example.com", "after the restart");
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveredRecipients(upstream).containsKey("after@example.com"));
                assertThat(RateLimitIT.messagesOf(second.api(), "company")).as("the queue survived").hasSize(2);
            }

            assertThat(mariaDbServersOn(data)).as("SIGTERM stopped the database too").isEmpty();
            // Stopped in order: the connection's permit was given back while the database still ran.
            assertThat(problems(secondLog)).singleElement().asString()
                    .contains("Stopping the embedded MariaDB (pid " + leftRunning.get(0).pid() + ")");
        }
    }

    /** The log's warnings and errors. */
    private static List<String> problems(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
    }

    private static List<ProcessHandle> mariaDbServersOn(Path dataDir) {
        String option = "--datadir=" + dataDir.resolve("mariadb");
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(option)).orElse(false))
                .toList();
    }

    static Map<String, Long> deliveredRecipients(FakeUpstream upstream) {
        return upstream.received().stream().flatMap(r -> r.recipients().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
