package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files the project ships — {@code docs/prometheus/alerts.yml}, its unit tests and
 * {@code docs/grafana/store-relay.json} — read for the tests, and the metric names they may use.
 */
final class MonitoringDocs {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    /** The scrape job the alerts expect (StoreRelayDown's {@code up{job="store-relay"}}); README says so. */
    static final String JOB = "store-relay";

    /** README, *Metrics*: the names the relay exports from start-up on; histograms as their series. */
    static final Set<String> RELAY_METRICS = Set.of(
            "storerelay_messages_received_total",
            "storerelay_deliveries_total",
            "storerelay_delivery_duration_seconds",
            "storerelay_queue_delay_seconds",
            "storerelay_queue_messages",
            "storerelay_queue_oldest_message_age_seconds",
            "storerelay_upstream_connections_opened_total",
            "storerelay_oauth2_token_requests_total",
            "storerelay_listener_connections");
    private static final Set<String> HISTOGRAMS = Set.of("storerelay_delivery_duration_seconds", "storerelay_queue_delay_seconds");
    private static final Set<String> HISTOGRAM_SERIES = Set.of("_bucket", "_count", "_sum");
    /** Prometheus's own series and the JVM, process and HikariCP metrics of Micrometer's standard binders. */
    private static final Set<String> STANDARD_NAMES = Set.of("up", "ALERTS");
    private static final List<String> STANDARD_PREFIXES = List.of("jvm_", "process_", "hikaricp_");

    private static final Pattern README_METRIC_ROW = Pattern.compile("^\\| `(storerelay_\\w+)` \\|");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$");

    record Alert(String name, String expr, String forDuration, Map<String, String> labels, Map<String, String> annotations) {
    }

    /** A query of the dashboard, with where it is (panel title and refId, an annotation, a variable). */
    record Query(String where, String expr) {
    }

    private MonitoringDocs() {
    }

    /** The repository's root: the directory above the test's working directory that holds mvnw. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path alertsFile() {
        return root().resolve("docs/prometheus/alerts.yml");
    }

    static Path alertTestsFile() {
        return root().resolve("docs/prometheus/alerts_test.yml");
    }

    static Path dashboardFile() {
        return root().resolve("docs/grafana/store-relay.json");
    }

    static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode group : read(YAML, alertsFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(new Alert(rule.get("alert").asText(), rule.path("expr").asText(),
                            rule.path("for").asText(null), strings(rule.path("labels")), strings(rule.path("annotations"))));
                }
            }
        }
        return alerts;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    /** Every PromQL query of the dashboard: panel targets (rows' nested panels too), annotations, variables. */
    static List<Query> dashboardQueries() {
        JsonNode dashboard = read(JSON, dashboardFile());
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                        target.path("expr").asText()));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("expr")) {
                queries.add(new Query("annotation '" + annotation.path("name").asText() + "'", annotation.get("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                Matcher labelValues = LABEL_VALUES.matcher(text);
                // Grafana's label_values(selector, label) is no PromQL; its selector is.
                queries.add(new Query("variable '" + variable.path("name").asText() + "'",
                        labelValues.matches() ? labelValues.group(1) : text));
            }
        }
        return queries;
    }

    /** The dashboard's panels, those inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /**
     * A dashboard query as Prometheus would get it from Grafana: its interval variables as durations, every other
     * variable (an instance or store selection) as the regular expression "All" gives.
     */
    static String asPrometheusQuery(String grafanaExpr) {
        return grafanaExpr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "6h")
                .replaceAll("\\$\\{[^}]*}|\\$\\w+", ".*");
    }

    /**
     * Whether the relay exports this name (one of {@link #RELAY_METRICS}, or a gauge or counter of the README's metric
     * table), or it is Prometheus's own or a standard binder's.
     */
    static boolean exportedOrStandard(String name) {
        boolean relay = relayMetricOf(name) != null && !HISTOGRAMS.contains(name);   // a histogram is read by its series
        return relay || readmeMetrics().contains(name) && !HISTOGRAMS.contains(name)
                || STANDARD_NAMES.contains(name) || STANDARD_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** The names in the first column of the README's metric table. */
    static Set<String> readmeMetrics() {
        try {
            return Files.readAllLines(root().resolve("README.md")).stream().map(README_METRIC_ROW::matcher)
                    .filter(java.util.regex.Matcher::find).map(m -> m.group(1)).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The relay metric ({@link #RELAY_METRICS}) a series name belongs to, or null. */
    static String relayMetricOf(String name) {
        if (RELAY_METRICS.contains(name)) {
            return name;
        }
        return HISTOGRAMS.stream().filter(h -> HISTOGRAM_SERIES.stream().anyMatch(s -> name.equals(h + s))).findFirst().orElse(null);
    }

    /** The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    static List<String> readmeAnchors() {
        try {
            return Files.readAllLines(root().resolve("README.md")).stream().filter(line -> line.matches("#{1,6} .*"))
                    .map(line -> anchor(line.replaceFirst("^#+ ", ""))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
