package dev.storerelay.adapter.management;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {

    @Test
    void readyWhenEveryCheckIsUpWithEachCheckInTheAnswer() {
        AtomicBoolean draining = new AtomicBoolean();
        Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("database", () -> ReadinessCheck.Result.up(Duration.ofMillis(3)));
        checks.put("smtpListener", ReadinessCheck.of(() -> true));
        checks.put("draining", ReadinessCheck.of(() -> !draining.get()));
        Readiness readiness = new Readiness(checks);

        Readiness.Report ready = readiness.report();
        assertThat(ready.up()).isTrue();
        assertThat(ready.json()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"database\":{\"status\":\"UP\",\"millis\":3},"
                + "\"smtpListener\":{\"status\":\"UP\"},\"draining\":{\"status\":\"UP\"}}}");

        draining.set(true);
        Readiness.Report notReady = readiness.report();
        assertThat(notReady.up()).isFalse();
        assertThat(notReady.json()).startsWith("{\"status\":\"DOWN\",").endsWith("\"draining\":{\"status\":\"DOWN\"}}}");
    }

    @Test
    void aReasonIsQuotedAsJson() {
        Readiness readiness = new Readiness(Map.of("database",
                () -> ReadinessCheck.Result.down(Duration.ofSeconds(2), "no \"answer\"\n")));

        assertThat(readiness.report().json()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"database\":{\"status\":\"DOWN\","
                + "\"millis\":2000,\"reason\":\"no \\\"answer\\\"\\u000a\"}}}");
    }

    @Test
    void eachCheckIsAGaugeThatFollowsIt() {
        AtomicBoolean draining = new AtomicBoolean();
        Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("database", () -> ReadinessCheck.Result.down(Duration.ofSeconds(2), "no answer"));
        checks.put("draining", ReadinessCheck.of(() -> !draining.get()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new Readiness(checks).bindTo(registry);

        assertThat(registry.get("storerelay.ready").tag("check", "database").gauge().value()).isZero();
        assertThat(registry.get("storerelay.ready").tag("check", "draining").gauge().value()).isEqualTo(1);
        draining.set(true);
        assertThat(registry.get("storerelay.ready").tag("check", "draining").gauge().value()).isZero();
    }
}
