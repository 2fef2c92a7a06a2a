package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Messages acknowledged while the upstream is down are delivered once it is up, across a relay restart too. */
class DurabilityIT {
    private static final String ADMIN_PASSWORD = "durability-admin";

    @RegisterExtension
    final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD)
            .env("STORE_RELAY_MAX_MESSAGE_SIZE", "1048576").build();

    private static List<JsonNode> messages(AdminApi api) {
        return StreamSupport.stream(api.ok(api.get("/api/messages?unit=store-x")).spliterator(), false).toList();
    }

    @Test
    void acknowledgedMailSurvivesAnUpstreamOutageAndARelayRestart() throws Exception {
        int upstreamPort = LoopbackPorts.unused();

        try (RelayExtension.Running first = relay.current()) {
            AdminApi api = first.api();
            api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
            api.ok(api.put("/api/units/store-x", "{\"name\":\"Store X\",\"parentId\":\"company\"}"));
            api.ok(api.put("/api/units/store-x/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstreamPort
                    + ",\"secureSocketOptions\":\"NONE\",\"outgoingEmailAddress\":\"store-x@shop.example\"}"));
            RelayClient client = first.client();
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
             RelayExtension.Running second = relay.restart()) {
            List<FakeUpstream.Received> received = upstream.awaitMessages(3);

            assertThat(received).extracting(r -> r.recipients().get(0))
                    .containsExactlyInAnyOrder("customer1@example.com", "customer2@example.com", "customer3@example.com");
            assertThat(received).allSatisfy(r -> assertThat(r.envelopeFrom()).isEqualTo("store-x@shop.example"));
            AdminApi api = second.api();
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(api).stream().allMatch(m -> m.get("status").asText().equals("DELIVERED")));
            assertThat(upstream.received()).hasSize(3);
        }
    }
}
