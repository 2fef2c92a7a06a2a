package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.bootstrap.Management.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The metrics of README, *Metrics*, on a running relay, read from {@code /metrics} as Prometheus reads them: every one
 * there from start-up with zero for each known label value, and each moving as mail is accepted, delivered, deferred
 * (451), failed (550), held (a store without server) and rejected at the door (an unknown store); no address, subject
 * or secret in any label; the exposition passes {@code promtool check metrics}.
 */
class MetricsIT {
    private static final String ADMIN_PASSWORD = "metrics-admin-password";
    private static final String SENDER = "erp@legacy.example";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> OUTCOMES = List.of("delivered", "deferred", "failed", "expired", "held");
    private static final List<String> STORES = List.of("company", "served", "shop", "closed");

    @RegisterExtension
    final RelayExtension relays = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).build();

    @Test
    void everyMetricIsThereFromStartUpAndMovesWithTheMail() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            // A relay that ran before: the units exist when this one starts, so their series are there at once.
            try (RelayExtension.Running first = relays.start(Map.of())) {
                units(first.api(), upstream.port());
            }
            RelayExtension.Running relay = relays.start(Map.of("STORE_RELAY_BOUNCES", "true"));
            Management management = new Management(relay.managementPort());
            Scrape atStart = management.scrape();

            everyMetricAtZero(atStart);
            for (String store : STORES) {
                for (String outcome : OUTCOMES) {
                    assertThat(atStart.require("storerelay_deliveries_total", Map.of("outcome", outcome, "store", store)))
                            .as(store + " " + outcome).isZero();
                }
            }
            assertThat(atStart.all("hikaricp_connections")).as("the pool's metrics").isNotEmpty();
            assertThat(atStart.all("netty_eventexecutor_tasks_pending")).as("the event loops' metrics").isNotEmpty();
            assertThat(atStart.all("jvm_memory_used_bytes")).as("the JVM's metrics").isNotEmpty();
            passesPromtool(atStart);

            RelayClient client = relay.client();
            assertThat(client.send("shop", SENDER, "ok@example.org", "Order 4711 confirmed")).startsWith("250");
            assertThat(client.send("shop", SENDER, "defer-me@example.org", "Payment link 0815")).startsWith("250");
            assertThat(client.send("shop", SENDER, "reject-me@example.org", "Signature invitation")).startsWith("250");
            assertThat(client.send("closed", SENDER, "held@example.org", "Closed store's mail")).startsWith("250");
            assertThatThrownBy(() -> client.send("nowhere", SENDER, "x@example.org", "Unknown store"))
                    .hasMessageContaining("550");

            await().atMost(WAIT).untilAsserted(() -> {
                Scrape now = management.scrape();
                // ok@ and the bounce about reject-me@ to the sender, both through the shop's server.
                assertThat(deliveries(now, "delivered", "shop")).isEqualTo(2);
                assertThat(deliveries(now, "deferred", "shop")).isGreaterThanOrEqualTo(1);
                assertThat(deliveries(now, "failed", "shop")).isEqualTo(1);
                assertThat(deliveries(now, "held", "closed")).isEqualTo(1);
                assertThat(now.require("storerelay_queue_messages", Map.of("status", "held"))).isEqualTo(1);
                assertThat(now.require("storerelay_queue_messages", Map.of("status", "queued"))).isEqualTo(1);
            });
            Scrape after = management.scrape();
            assertThat(deliveries(after, "expired", "shop")).isZero();
            assertThat(deliveries(after, "delivered", "closed")).isZero();
            assertThat(after.require("storerelay_messages_received_total", Map.of("result", "accepted"))).isEqualTo(4);
            assertThat(after.require("storerelay_messages_received_total", Map.of("result", "rejected"))).isEqualTo(1);
            assertThat(after.require("storerelay_listener_rejections_total", Map.of("code", "550"))).isEqualTo(1);
            assertThat(after.require("storerelay_delivery_duration_seconds_count")).as("ok, defer, reject, bounce")
                    .isGreaterThanOrEqualTo(4);
            assertThat(after.require("storerelay_queue_delay_seconds_count")).as("ok, reject and the bounce finished")
                    .isEqualTo(3);
            assertThat(after.require("storerelay_retries_scheduled_total")).isGreaterThanOrEqualTo(1);
            assertThat(after.require("storerelay_bounces_total")).isEqualTo(1);
            assertThat(after.require("storerelay_upstream_connections_opened_total")).isGreaterThanOrEqualTo(1);
            assertThat(after.require("storerelay_queue_oldest_message_age_seconds")).as("defer-me@ waits").isPositive();
            assertThat(after.require("storerelay_oauth2_token_requests_total", Map.of("result", "success")))
                    .as("no OAuth 2.0 store").isZero();

            try (Socket idle = new Socket("127.0.0.1", relay.smtpPort());
                 BufferedReader greeting = new BufferedReader(new InputStreamReader(idle.getInputStream(),
                         StandardCharsets.US_ASCII))) {
                assertThat(greeting.readLine()).startsWith("220");
                assertThat(management.scrape().require("storerelay_listener_connections")).isEqualTo(1);
            }
            await().atMost(WAIT).until(() -> management.scrape().require("storerelay_listener_connections") == 0);

            Scrape last = management.scrape();
            noAddressOrSubjectInALabel(last);
            passesPromtool(last);
        }
    }

    @Test
    void withoutTheStoreLabelDeliveriesAreCountedPerOutcomeOnly() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            RelayExtension.Running relay = relays.start(Map.of("STORE_RELAY_METRICS_STORE_LABEL", "false"));
            Management management = new Management(relay.managementPort());
            Scrape atStart = management.scrape();
            everyMetricAtZero(atStart);
            for (String outcome : OUTCOMES) {
                assertThat(atStart.require("storerelay_deliveries_total", Map.of("outcome", outcome))).as(outcome).isZero();
            }

            units(relay.api(), upstream.port());
            relay.client().send("shop", SENDER, "ok@example.org", "Order 4712 confirmed");

            await().atMost(WAIT).until(() -> management.scrape()
                    .value("storerelay_deliveries_total", Map.of("outcome", "delivered")).orElse(0) == 1);
            assertThat(management.scrape().text()).doesNotContain("store=");
        }
    }

    /**
     * Each metric of README, *Metrics* (and the listener's, delivery's and OAuth 2.0's own), zero for every known label
     * value.
     */
    private static void everyMetricAtZero(Scrape scrape) {
        for (String result : List.of("accepted", "rejected")) {
            assertThat(scrape.require("storerelay_messages_received_total", Map.of("result", result))).isZero();
        }
        assertThat(scrape.require("storerelay_delivery_duration_seconds_count")).isZero();
        assertThat(scrape.require("storerelay_delivery_duration_seconds_bucket", Map.of("le", "+Inf"))).isZero();
        assertThat(scrape.require("storerelay_queue_delay_seconds_count")).isZero();
        assertThat(scrape.require("storerelay_queue_delay_seconds_bucket", Map.of("le", "3600.0"))).isZero();
        for (String status : List.of("queued", "held")) {
            assertThat(scrape.require("storerelay_queue_messages", Map.of("status", status))).isZero();
        }
        assertThat(scrape.require("storerelay_queue_oldest_message_age_seconds")).isZero();
        assertThat(scrape.require("storerelay_upstream_connections_opened_total")).isZero();
        for (String result : List.of("success", "refused", "unreachable")) {
            assertThat(scrape.require("storerelay_oauth2_token_requests_total", Map.of("result", result))).isZero();
        }
        assertThat(scrape.require("storerelay_listener_connections")).isZero();
        assertThat(scrape.require("storerelay_retries_scheduled_total")).isZero();
        assertThat(scrape.require("storerelay_bounces_total")).isZero();
        for (String reason : List.of("all_taken", "reserved_only", "client_limit", "reserve_check_failed")) {
            assertThat(scrape.require("storerelay_listener_connections_refused_total", Map.of("reason", reason))).isZero();
        }
        for (String code : List.of("451", "452", "501", "503", "530", "550", "552", "553", "554", "555")) {
            assertThat(scrape.require("storerelay_listener_rejections_total", Map.of("code", code))).isZero();
        }
        for (String result : List.of("success", "failure")) {
            assertThat(scrape.require("storerelay_listener_tls_handshakes_total", Map.of("result", result))).isZero();
            assertThat(scrape.require("storerelay_upstream_tls_handshakes_total", Map.of("result", result))).isZero();
        }
        for (String reason : List.of("invalid_credentials", "throttled")) {
            assertThat(scrape.require("storerelay_listener_auth_failures_total", Map.of("reason", reason))).isZero();
        }
        for (String reason : List.of("queue_full", "write_failed", "connection_limit")) {
            assertThat(scrape.require("storerelay_refusals_dropped_total", Map.of("reason", reason))).isZero();
        }
    }

    private static void noAddressOrSubjectInALabel(Scrape scrape) {
        assertThat(scrape.samples()).allSatisfy(sample -> assertThat(sample.labels().values())
                .noneMatch(value -> value.contains("@") || value.contains("example") || value.contains("legacy")
                        || value.contains("Order") || value.contains("Payment") || value.contains(ADMIN_PASSWORD)));
    }

    /** {@code promtool check metrics}: no errors and no lint problems. Skipped without promtool, except on CI. */
    private static void passesPromtool(Scrape scrape) throws Exception {
        ExternalClient.requireTool("promtool");
        Path file = Files.createTempFile("store-relay-metrics", ".prom");
        try {
            Files.writeString(file, scrape.text(), StandardCharsets.UTF_8);
            ExternalClient.Result result = ExternalClient.run(List.of("sh", "-c", "promtool check metrics < " + file));
            assertThat(result.output()).as("promtool check metrics").isBlank();
            assertThat(result.exitCode()).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double deliveries(Scrape scrape, String outcome, String store) {
        return scrape.value("storerelay_deliveries_total", Map.of("outcome", outcome, "store", store)).orElse(0);
    }

    /**
     * The company without a server of its own; the region "served" with the upstream, and its store "shop"; the store
     * "closed" directly below the company, without any server on its path.
     */
    private static void units(AdminApi api, int upstreamPort) {
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        api.ok(api.put("/api/units/served", "{\"name\":\"Served\",\"parentId\":\"company\"}"));
        api.ok(api.put("/api/units/served/smtp", "{\"serverAddress\":\"127.0.0.1\",\"port\":" + upstreamPort
                + ",\"secureSocketOptions\":\"NONE\",\"outgoingEmailAddress\":\"shop@shop.example\"}"));
        api.ok(api.put("/api/units/shop", "{\"name\":\"Shop\",\"parentId\":\"served\"}"));
        api.ok(api.put("/api/units/closed", "{\"name\":\"Closed\",\"parentId\":\"company\"}"));
    }
}
