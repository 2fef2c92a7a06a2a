package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Liveness and readiness (README, *Operations*) on a running relay: ready while the database answers, the listener is
 * bound and the relay is not draining; 503 while its embedded MariaDB is down, ready again once the relay has brought
 * it back; and on a stop (in-process, and SIGTERM to a relay process), 503 first, while the listener still takes
 * connections, with liveness answering to the end.
 */
class HealthIT {
    private static final String ADMIN_PASSWORD = "health-admin-password";
    private static final String DATABASE_DOWN = "\"database\":{\"status\":\"DOWN\"";

    private static final String DATABASE_GAUGE = "storerelay_ready{check=\"database\"}";

    @RegisterExtension
    final RelayExtension withEmbeddedDatabase = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).embeddedDatabase().build();
    @RegisterExtension
    final RelayExtension withTestDatabase = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).build();

    @Test
    void notReadyWhileTheEmbeddedDatabaseIsDownAndReadyAgainOnceTheRelayHasStartedItAgain() {
        StoreRelay relay = withEmbeddedDatabase.relay();
        Management management = new Management(relay.managementPort());
        Management.Response ready = management.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.contentType()).startsWith("application/json");
        assertThat(ready.body()).startsWith("{\"status\":\"UP\",\"checks\":{\"database\":{\"status\":\"UP\",\"millis\":")
                .endsWith("\"smtpListener\":{\"status\":\"UP\"},\"draining\":{\"status\":\"UP\"}}}");

        // Each server the relay starts again is killed as it comes up, until readiness has said so.
        AtomicReference<Management.Response> down = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            mariaDb().ifPresent(ProcessHandle::destroyForcibly);
            Management.Response now = management.get("/health/ready");
            if (now.status() == 503) {
                down.set(now);
            }
            return down.get() != null;
        });
        assertThat(down.get().body()).startsWith("{\"status\":\"DOWN\",").contains(DATABASE_DOWN)
                .contains("\"smtpListener\":{\"status\":\"UP\"}");
        assertThat(management.get("/health/live").status()).as("alive all the same").isEqualTo(200);
        assertThat(management.get("/metrics").status()).as("scraped all the same").isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            mariaDb().ifPresent(ProcessHandle::destroyForcibly);
            return management.get("/metrics").body().contains(DATABASE_GAUGE + " 0.0");
        });

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> management.get("/health/ready").status() == 200);
        assertThat(management.get("/health/ready").body()).contains("\"database\":{\"status\":\"UP\"");
        assertThat(management.get("/metrics").body()).contains(DATABASE_GAUGE + " 1.0");
    }

    @Test
    void aStopTurnsReadinessTo503WhileTheListenerStillTakesConnectionsAndLivenessAnswersToTheEnd() {
        StoreRelay relay = withTestDatabase.relay();
        int smtpPort = relay.smtpPort();
        Management management = new Management(relay.managementPort());
        assertThat(management.get("/health/ready").status()).isEqualTo(200);

        AtomicReference<Management.Response> readyWhileDraining = new AtomicReference<>();
        AtomicReference<Management.Response> liveWhileDraining = new AtomicReference<>();
        AtomicReference<String> greetingWhileDraining = new AtomicReference<>();
        relay.whileDraining(() -> {
            readyWhileDraining.set(management.get("/health/ready"));
            liveWhileDraining.set(management.get("/health/live"));
            greetingWhileDraining.set(greeting(smtpPort));
        });
        relay.close();

        assertThat(readyWhileDraining.get().status()).isEqualTo(503);
        assertThat(readyWhileDraining.get().body()).startsWith("{\"status\":\"DOWN\",")
                .contains("\"smtpListener\":{\"status\":\"UP\"}").endsWith("\"draining\":{\"status\":\"DOWN\"}}}");
        assertThat(liveWhileDraining.get().status()).isEqualTo(200);
        assertThat(greetingWhileDraining.get()).as("the listener still took the connection").startsWith("220");
        assertThatThrownBy(() -> greeting(smtpPort)).as("and is closed once stopped").hasRootCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> management.get("/health/live")).as("the management listener stopped last")
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void onSigtermReadinessTurns503WhileTheListenerStillAcceptsForTheDrainDelayThenTheProcessEnds() throws IOException {
        Path log = withTestDatabase.dataDir().resolve("relay.log");
        try (RelayProcess relay = RelayProcess.start(withTestDatabase.database(), withTestDatabase.dataDir().resolve("data"),
                log, Map.of("STORE_RELAY_DRAIN_DELAY", "PT3S"))) {
            Management management = new Management(relay.managementPort());
            assertThat(management.get("/health/ready").status()).isEqualTo(200);

            relay.terminate();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> management.get("/health/ready").status() == 503);
            assertThat(greeting(relay.smtpPort())).as("the listener still accepts while not ready").startsWith("220");
            assertThat(management.get("/health/live").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(60)).until(() -> !relay.isAlive());
            assertThatThrownBy(() -> greeting(relay.smtpPort())).hasRootCauseInstanceOf(ConnectException.class);
        }
        assertThat(Files.readString(log)).contains("stopping: not ready; the SMTP listener closes in PT3S");
    }

    private static String greeting(int port) {
        try (Socket socket = new Socket("127.0.0.1", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            socket.setSoTimeout(10_000);
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<ProcessHandle> mariaDb() {
        String option = "--datadir=" + withEmbeddedDatabase.dataDir().resolve("mariadb");
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(option)).orElse(false))
                .findFirst();
    }
}
