package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded MariaDB is killed under a running relay with mail flowing, as the out-of-memory killer would: the
 * relay starts it again by itself, submissions are refused with 451 only while it is down, and every message
 * acknowledged before and after is delivered; duplicates only for deliveries under way at a kill.
 */
class EmbeddedDatabaseCrashIT {
    private static final int DELIVERY_THREADS = 4;
    /** Longer than the pool's wait for a connection (10 s), so that submissions meet the outage. */
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    /**
     * The longest the outage goes on until a submission has been refused: a submission waits 10 s for a connection and,
     * after a lost connection, 10 s more on a fresh one before it is answered 451.
     */
    private static final Duration LONGEST_OUTAGE = Duration.ofSeconds(40);

    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword("crash-admin").embeddedDatabase().env(Map.of(
            "STORE_RELAY_DELIVERY_LEASE", "PT10S", "STORE_RELAY_UPSTREAM_TIMEOUT", "PT4S",
            "STORE_RELAY_DELIVERY_THREADS", Integer.toString(DELIVERY_THREADS))).build();

    @Test
    void theRelayBringsItsKilledDatabaseBackAndLosesNoAcknowledgedMessage() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            AdminApi api = relay.api();
            api.companyDeliveringTo(upstream.port());

            Set<String> acknowledged;
            int kills;
            try (LoadClients load = new LoadClients("db-crash", 4, relay.smtpPort())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 100 && upstream.received().size() >= 50);

                // One kill: the relay takes mail again within 10 seconds, by itself.
                ProcessHandle first = mariaDb().orElseThrow();
                first.destroyForcibly();
                int beforeKill = load.acknowledgedCount();
                await().atMost(Duration.ofSeconds(10)).until(() -> load.acknowledgedCount() >= beforeKill + 20
                        && mariaDb().map(ProcessHandle::pid).filter(pid -> pid != first.pid()).isPresent());

                // A longer outage: each new server is killed as it starts, until submissions have been refused.
                long outageStart = System.nanoTime();
                kills = 1 + killEveryServerUntil(() -> System.nanoTime() - outageStart >= OUTAGE.toNanos()
                        && load.refusedWith(451) > 0);
                assertThat(load.refusedWith(451)).as("submissions refused with 451 while the database was down").isPositive();
                int afterOutage = load.acknowledgedCount();
                await().atMost(Duration.ofSeconds(10)).until(() -> load.acknowledgedCount() >= afterOutage + 20);
                load.close();
                acknowledged = load.acknowledged();
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> CrashIT.deliveredRecipients(upstream).keySet().containsAll(acknowledged));
            Map<String, Long> deliveries = CrashIT.deliveredRecipients(upstream);
            long duplicates = deliveries.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            System.out.printf("database crash test: %d acknowledged, %d delivered, %d duplicate(s) after %d kills%n",
                    acknowledged.size(), deliveries.size(), duplicates, kills);
            // A delivery whose outcome could not be recorded is sent again once its lease lapses: at most one per
            // delivery thread at each kill that found deliveries under way.
            assertThat(duplicates).isLessThanOrEqualTo((long) DELIVERY_THREADS * kills);
        }
    }

    /** Kills the relay's MariaDB whenever one runs, until {@code done}; returns how many it killed. */
    private int killEveryServerUntil(BooleanSupplier done) {
        AtomicInteger killed = new AtomicInteger();
        await().atMost(LONGEST_OUTAGE).pollInterval(Duration.ofMillis(5)).until(() -> {
            mariaDb().ifPresent(server -> {
                server.destroyForcibly();
                killed.incrementAndGet();
            });
            return done.getAsBoolean();
        });
        return killed.get();
    }

    private Optional<ProcessHandle> mariaDb() {
        String option = "--datadir=" + relay.dataDir().resolve("mariadb");
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(option)).orElse(false))
                .findFirst();
    }
}
