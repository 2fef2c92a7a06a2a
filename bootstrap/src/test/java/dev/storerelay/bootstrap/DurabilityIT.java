package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Messages acknowledged while the upstream is down are delivered once it is up, across a relay restart too. */
class DurabilityIT {
    private static final String ADMIN_PASSWORD = "durability-admin";

    @TempDir
    Path dataDir;

    private AppConfig config(PersistenceConfig db) {
        return TestConfigs.config(db, dataDir, ADMIN_PASSWORD, Map.of("STORE_RELAY_MAX_MESSAGE_SIZE", "1048576"));
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<JsonNode> messages(AdminApi api) {
        return StreamSupport.stream(api.ok(api.get("/api/messages?unit=store-x")).spliterator(), false).toList();
    }

    @Test
    void acknowledgedMailSurvivesAnUpstreamOutageAndARelayRestart() throws Exception {
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dataDir);
        int upstreamPort = unusedPort();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        try (StoreRelay first = StoreRelay.start(config(db), quiet)) {
            AdminApi api = new AdminApi(first.adminPort(), "admin", ADMIN_PASSWORD);
            api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
            api.ok(api.put("/api/units/store-x", "{\"name\":\"Store X\",\"parentId\":\"company\"}"));
            api.ok(api.put("/api/units/store-x/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstreamPort
                    + ",\"secureSocketOptions\":\"NONE\",\"outgoingEmailAddress\":\"store-x@shop.example\"}"));
            RelayClient client = new RelayClient(first.smtpPort());
            for (int i = 1; i <= 3; i++) {
                assertThat(client.send("store-x", "erp@legacy.local", "customer" + i + "@example.com", "order " + i)).startsWith("250");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api).size() == 3
                    && messages(api).stream().allMatch(m -> m.get("attempts").asInt() >= 1));
            assertThat(messages(api)).allSatisfy(m -> {
                assertThat(m.get("status").asText()).isEqualTo("QUEUED");
                assertThat(m.get("lastError").asText()).isNotBlank();
            });
        }

        try (FakeUpstream upstream = FakeUpstream.plainOn(upstreamPort);
             StoreRelay second = StoreRelay.start(config(db), quiet)) {
            List<FakeUpstream.Received> received = upstream.awaitMessages(3);

            assertThat(received).extracting(r -> r.recipients().get(0))
                    .containsExactlyInAnyOrder("customer1@example.com", "customer2@example.com", "customer3@example.com");
            assertThat(received).allSatisfy(r -> assertThat(r.envelopeFrom()).isEqualTo("store-x@shop.example"));
            AdminApi api = new AdminApi(second.adminPort(), "admin", ADMIN_PASSWORD);
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api).stream().allMatch(m -> m.get("status").asText().equals("DELIVERED")));
            assertThat(upstream.received()).hasSize(3);
        }
    }
}
