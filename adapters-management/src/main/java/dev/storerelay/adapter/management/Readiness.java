package dev.storerelay.adapter.management;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the relay is ready (README, *Operations*): every check up. The answer is JSON with each check in the order
 * given, e.g. {@code {"status":"UP","checks":{"database":{"status":"UP","millis":3},"smtpListener":{"status":"UP"}}}}.
 * Each check is a gauge too, {@code storerelay_ready{check}} (1 up, 0 down), so an alert can say which check failed
 * without anyone probing; a scrape asks the checks as a probe does (a timed check reuses its last answer).
 */
public final class Readiness implements AutoCloseable, MeterBinder {
    private final Map<String, ReadinessCheck> checks;

    /** @param checks by name, in the order the answer lists them */
    public Readiness(Map<String, ReadinessCheck> checks) {
        this.checks = new LinkedHashMap<>(checks);
    }

    /** Runs every check (each bounds its own time) and puts the answer together. */
    public Report report() {
        boolean up = true;
        StringBuilder json = new StringBuilder("{\"checks\":{");
        boolean first = true;
        for (Map.Entry<String, ReadinessCheck> check : checks.entrySet()) {
            ReadinessCheck.Result result = check.getValue().check();
            up &= result.up();
            json.append(first ? "" : ",").append(Json.string(check.getKey())).append(":{\"status\":")
                    .append(result.up() ? "\"UP\"" : "\"DOWN\"");
            if (result.took() != null) {
                json.append(",\"millis\":").append(result.took().toMillis());
            }
            if (result.reason() != null) {
                json.append(",\"reason\":").append(Json.string(result.reason()));
            }
            json.append('}');
            first = false;
        }
        json.append("}}");
        return new Report(up, "{\"status\":" + (up ? "\"UP\"" : "\"DOWN\"") + "," + json.substring(1));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        checks.forEach((name, check) -> Gauge.builder("storerelay.ready", check, c -> c.check().up() ? 1 : 0)
                .description("Whether this readiness check is up (1) or down (0); ready when every check is up")
                .tag("check", name)
                .register(registry));
    }

    /** Ends the checks' threads. */
    @Override
    public void close() {
        for (ReadinessCheck check : checks.values()) {
            if (check instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // a check's thread is a daemon; nothing else to free
                }
            }
        }
    }

    /** The verdict and the JSON to answer with. */
    public record Report(boolean up, String json) {
    }
}
