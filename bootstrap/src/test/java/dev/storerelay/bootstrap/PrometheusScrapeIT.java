package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus — Debian's {@code /usr/bin/prometheus}, on loopback, with its data in the test's temporary folder —
 * scrapes a running relay's management listener ({@code STORE_RELAY_MANAGEMENT_BIND} / {@code _PORT}; README,
 * *Operations*) every second with the shipped alert rules loaded. Mail sent through the relay shows in Prometheus's
 * HTTP API as a rise of {@code storerelay_deliveries_total{outcome="delivered"}}; {@code promtool check metrics} finds
 * no problem in a scrape of {@code /metrics}; every metric the shipped alerts and dashboard read is in that scrape, and
 * Prometheus evaluates every alert rule against the relay's series without an error. Skipped without Debian's
 * prometheus package, except on CI, where .ci/run installs it.
 */
class PrometheusScrapeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String STORE = "store-1";
    private static final int MESSAGES = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path temp;

    private static FakeUpstream upstream;
    private static RelayProcess relay;
    private static int managementPort;
    private static Process prometheus;
    private static int prometheusPort;

    @BeforeAll
    static void start() throws IOException {
        ExternalClient.requireTool("prometheus");
        ExternalClient.requireTool("promtool");
        upstream = FakeUpstream.plain();
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(temp.resolve("db"));
        managementPort = LoopbackPorts.unused();
        relay = RelayProcess.start(db, temp.resolve("data"), temp.resolve("relay.log"), Map.of(
                "STORE_RELAY_MANAGEMENT_BIND", "127.0.0.1",
                "STORE_RELAY_MANAGEMENT_PORT", Integer.toString(managementPort)));
        AdminApi api = relay.api();
        api.companyDeliveringTo(upstream.port(), "NONE");
        api.ok(api.put("/api/units/" + STORE, "{\"name\":\"Store 1\",\"parentId\":\"company\"}"));
        await("the relay's management listener answers /health/ready").atMost(WAIT)
                .until(() -> status("http://127.0.0.1:" + managementPort + "/health/ready") == 200);

        prometheusPort = LoopbackPorts.unused();
        Path config = temp.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(MonitoringDocs.alertsFile(), MonitoringDocs.JOB, managementPort));
        Path log = temp.resolve("prometheus.log");
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + temp.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        await("Prometheus ready; its log: " + log).atMost(WAIT).until(() -> {
            assertThat(prometheus.isAlive()).as("prometheus running; see " + log).isTrue();
            return status(prometheusUrl("/-/ready")) == 200;
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
        }
        if (relay != null) {
            relay.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void prometheusSeesDeliveredMailRise() throws Exception {
        await("Prometheus scrapes the relay").atMost(WAIT).until(() -> scalar("up{job=\"" + MonitoringDocs.JOB + "\"}") == 1.0);
        double before = scalar("sum(storerelay_deliveries_total{outcome=\"delivered\"})");

        RelayClient client = new RelayClient(relay.smtpPort());
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(client.send(STORE, "erp@legacy.local", "customer-" + i + "@example.com", "scraped " + i)).startsWith("250");
        }
        await("the upstream receives the mail").atMost(WAIT).until(() -> upstream.received().size() >= MESSAGES);

        await("Prometheus sees the deliveries").atMost(WAIT)
                .until(() -> scalar("sum(storerelay_deliveries_total{outcome=\"delivered\"})") >= before + MESSAGES);
        assertThat(scalar("storerelay_deliveries_total{outcome=\"delivered\", store=\"" + STORE + "\"}"))
                .as("the store label (on by default) names the store").isEqualTo(MESSAGES);
    }

    @Test
    void promtoolFindsNoProblemInAScrape() throws Exception {
        Path scrape = temp.resolve("scrape.txt");
        Files.writeString(scrape, metrics());

        Process check = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                .redirectInput(scrape.toFile()).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).as("promtool check metrics on " + scrape).isBlank();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardReadIsInAScrape() {
        Set<String> scraped = seriesNames(metrics());
        Set<String> read = new TreeSet<>();
        MonitoringDocs.alerts().forEach(alert -> read.addAll(PromQlNames.metricNames(alert.expr())));
        MonitoringDocs.dashboardQueries().forEach(query -> read.addAll(PromQlNames.metricNames(query.expr())));
        read.removeAll(Set.of("up", "ALERTS"));                 // Prometheus's own series

        assertThat(scraped).as("series of the relay's /metrics").containsAll(read);
        for (String metric : MonitoringDocs.RELAY_METRICS) {
            assertThat(scraped).as("README, Metrics: %s exported from start-up on", metric)
                    .containsAnyOf(metric, metric + "_bucket");
        }
    }

    @Test
    void prometheusEvaluatesEveryAlertRuleWithoutAnError() {
        await("every rule evaluated").atMost(WAIT).until(() -> {
            List<JsonNode> rules = new ArrayList<>();
            api("/api/v1/rules").path("data").path("groups").forEach(group -> group.path("rules").forEach(rules::add));
            return rules.size() == MonitoringDocs.alerts().size()
                    && rules.stream().allMatch(rule -> !rule.path("lastEvaluation").asText().startsWith("0001-"));
        });
        api("/api/v1/rules").path("data").path("groups").forEach(group -> group.path("rules").forEach(rule ->
                assertThat(rule.path("health").asText()).as(rule.path("name").asText() + ": " + rule.path("lastError").asText())
                        .isEqualTo("ok")));
        await("the relay is up for the rules too").atMost(WAIT)
                .until(() -> scalar("count(ALERTS{alertname=\"StoreRelayDown\"})") == 0.0);
    }

    private static String metrics() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The series names of a scrape in Prometheus's text format. */
    private static Set<String> seriesNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** An instant query whose result is one number; 0 when it has no series (Prometheus answers an empty vector). */
    private static double scalar(String query) {
        JsonNode result = api("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("data").path("result");
        if (result.isEmpty()) {
            return 0;
        }
        assertThat(result).as(query).hasSize(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static JsonNode api(String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl(pathAndQuery))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = MonitoringDocs.JSON.readTree(response.body());
            assertThat(body.path("status").asText()).as(pathAndQuery + ": " + response.body()).isEqualTo("success");
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String prometheusUrl(String pathAndQuery) {
        return "http://127.0.0.1:" + prometheusPort + pathAndQuery;
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
