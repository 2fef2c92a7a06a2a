package dev.storerelay.adapter.management;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the relay is ready (DESIGN §9): every check up. The answer is JSON with each check in the order given,
 * e.g. {@code {"status":"UP","checks":{"database":{"status":"UP","millis":3},"smtpListener":{"status":"UP"}}}}.
 */
public final class Readiness implements AutoCloseable {
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
