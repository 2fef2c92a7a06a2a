package dev.storerelay.adapter.management;

import dev.storerelay.application.port.out.QueueStatistics;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.application.port.out.DeliveryEventsPort.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The management listener over HTTP on loopback, with the relay's meters in a Prometheus registry. */
class ManagementServerTest {
    private final PrometheusMeterRegistry registry = PrometheusRegistry.create();
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ManagementServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("smtpListener", ReadinessCheck.of(listening::get));
        server = new ManagementServer(new ManagementConfig("127.0.0.1", 0, true), registry, new Readiness(checks));
        server.start();
    }

    @Test
    void metricsAreTheRegistrysInThePrometheusTextFormatWithTheJvmsAndTheRelaysOwn() throws Exception {
        MicrometerDeliveryEvents events = new MicrometerDeliveryEvents(registry, true);
        events.registerStores(List.of(UnitId.of("store-12")));
        events.recipients(UnitId.of("store-12"), Outcome.DELIVERED, 1);
        new QueueGauges(registry, () -> QueueStatistics.EMPTY, Clock.systemUTC());
        start();

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).contains(ManagementServer.PROMETHEUS_TEXT);
        assertThat(metrics.body())
                .contains("storerelay_deliveries_total{outcome=\"delivered\",store=\"store-12\"} 1.0")
                .contains("storerelay_deliveries_total{outcome=\"held\",store=\"store-12\"} 0.0")
                .contains("storerelay_delivery_duration_seconds_bucket{le=\"0.05\"} 0")
                .contains("storerelay_queue_delay_seconds_bucket{le=\"432000.0\"} 0")
                .contains("storerelay_queue_messages{status=\"queued\"} 0.0")
                .contains("storerelay_queue_oldest_message_age_seconds 0.0")
                .contains("storerelay_retries_scheduled_total 0.0")
                .contains("storerelay_bounces_total 0.0")
                .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                        "process_cpu_seconds_total");
    }

    @Test
    void theExpositionPassesPromtoolAndAMeterWithoutDescriptionGetsOne() throws Exception {
        Promtool.require();
        new MicrometerDeliveryEvents(registry, true).registerStores(List.of(UnitId.of("store-12")));
        new QueueGauges(registry, () -> QueueStatistics.EMPTY, Clock.systemUTC());
        Gauge.builder("netty.eventexecutor.tasks.pending", () -> 0).tag("name", "smtp-io-1-1").register(registry);
        start();

        String metrics = get("/metrics").body();
        Promtool.Result result = Promtool.checkMetrics(metrics);

        assertThat(metrics).contains("# HELP netty_eventexecutor_tasks_pending Tasks waiting in the queue of one of the"
                + " SMTP listener's event loops");

        assertThat(result.output()).as("promtool check metrics").isBlank();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void livenessIsUpAndReadinessFollowsItsChecks() throws Exception {
        start();

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"smtpListener\":{\"status\":\"UP\"}}}");

        listening.set(false);
        HttpResponse<String> notReady = get("/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"smtpListener\":{\"status\":\"DOWN\"}}}");
        assertThat(get("/health/live").statusCode()).as("alive all the same").isEqualTo(200);
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        start();

        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
        assertThat(get("/health").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
