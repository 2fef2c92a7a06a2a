package dev.storerelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the dashboard shipped in docs/ (README: Operations): promtool accepts the rules and their
 * unit tests pass, every alert has a test that fires it and one that keeps it quiet, and those tests fail when the
 * alert cannot fire or loses its {@code for}; every alert has a severity, a summary, a description and a runbook
 * that is a heading of the README; the dashboard is a Grafana import whose every query parses and reads only
 * metrics the relay exports (README, *Metrics*) or standard ones. Needs Debian's promtool (package prometheus): skipped
 * without it, except on CI, where .ci/run installs it.
 */
class AlertRulesIT {
    private static final Set<String> SEVERITIES = Set.of("critical", "warning");

    @TempDir
    Path temp;

    @Test
    void promtoolAcceptsTheRules() {
        ExternalClient.requireTool("promtool");
        ExternalClient.Result check = promtool("check", "rules", MonitoringDocs.alertsFile().toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + MonitoringDocs.alerts().size() + " rules found");
    }

    @Test
    void theRulesUnitTestsPass() {
        ExternalClient.requireTool("promtool");
        ExternalClient.Result test = promtool("test", "rules", MonitoringDocs.alertTestsFile().toString());

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasATestThatFiresItAndOneThatKeepsItQuiet() {
        Set<String> alerts = new TreeSet<>(MonitoringDocs.alerts().stream().map(MonitoringDocs.Alert::name).toList());
        assertThat(alerts).as("the seven alerts of issue #21").containsExactlyInAnyOrder("StoreRelayDown",
                "StoreRelayBacklogGrowing", "StoreRelayOldestMessageTooOld", "StoreRelayStoreFailing",
                "StoreRelayMailHeld", "StoreRelayOAuth2TokenRequestsFailing", "StoreRelayDatabaseNotReady");
        Set<String> fired = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode test : MonitoringDocs.read(MonitoringDocs.YAML, MonitoringDocs.alertTestsFile()).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                String name = expectation.path("alertname").asText();
                // promtool passes "no alert expected" for a name no rule has, so a misspelt name would prove nothing.
                assertThat(alerts).as("alertname in test '%s'", test.path("name").asText()).contains(name);
                (expectation.path("exp_alerts").isEmpty() ? quiet : fired).add(name);
            }
        }
        assertThat(fired).as("alerts with a test that fires them").containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(quiet).as("alerts with a test where they must stay quiet").containsExactlyInAnyOrderElementsOf(alerts);
    }

    @Test
    void eachAlertsTestsFailWhenItCannotFireOrLosesItsFor() throws IOException {
        ExternalClient.requireTool("promtool");
        for (MonitoringDocs.Alert alert : MonitoringDocs.alerts()) {
            ExternalClient.Result never = testRulesWith(alert.name(), rule -> rule.put("expr", "vector(1) < 0"));
            assertThat(never.exitCode()).as("tests pass although %s can never fire", alert.name()).isNotZero();
            assertThat(never.output()).contains("alertname: " + alert.name());

            if (alert.forDuration() != null) {
                ExternalClient.Result withoutFor = testRulesWith(alert.name(), rule -> rule.remove("for"));
                assertThat(withoutFor.exitCode()).as("tests pass although %s fires without waiting %s", alert.name(),
                        alert.forDuration()).isNotZero();
            }
        }
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookInTheReadme() {
        List<String> anchors = MonitoringDocs.readmeAnchors();
        for (MonitoringDocs.Alert alert : MonitoringDocs.alerts()) {
            assertThat(alert.labels().get("severity")).as(alert.name()).isIn(SEVERITIES);
            assertThat(alert.annotations().get("summary")).as(alert.name()).isNotBlank();
            assertThat(alert.annotations().get("description")).as(alert.name()).isNotBlank();
            String runbook = alert.annotations().get("runbook");
            assertThat(runbook).as(alert.name()).isEqualTo("README.md#" + alert.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(anchors).as("README heading for " + runbook).contains(runbook.substring("README.md#".length()));
        }
    }

    @Test
    void theAlertsReadOnlyMetricsTheRelayExports() {
        for (MonitoringDocs.Alert alert : MonitoringDocs.alerts()) {
            assertThat(PromQlNames.metricNames(alert.expr())).as(alert.name() + ": " + alert.expr())
                    .isNotEmpty().allMatch(MonitoringDocs::exportedOrStandard);
        }
    }

    @Test
    void theDashboardIsAGrafanaImportWithAPrometheusDataSourceInput() {
        JsonNode dashboard = MonitoringDocs.read(MonitoringDocs.JSON, MonitoringDocs.dashboardFile());
        JsonNode input = dashboard.path("__inputs").path(0);
        assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.path("type").asText()).isEqualTo("datasource");
        assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();

        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : MonitoringDocs.panels(dashboard)) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id of '%s' is unique", title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("'%s' fits 24 columns", title).isLessThanOrEqualTo(24);
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as("queries of '%s'", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
            }
        }
    }

    @Test
    void theDashboardReadsOnlyMetricsTheRelayExportsAndShowsEveryOneOfThem() {
        Set<String> shown = new TreeSet<>();
        for (MonitoringDocs.Query query : MonitoringDocs.dashboardQueries()) {
            Set<String> names = PromQlNames.metricNames(query.expr());
            assertThat(names).as(query.where() + ": " + query.expr()).isNotEmpty().allMatch(MonitoringDocs::exportedOrStandard);
            names.stream().map(MonitoringDocs::relayMetricOf).filter(java.util.Objects::nonNull).forEach(shown::add);
        }
        assertThat(shown).as("the relay's metrics (README, Metrics) on the dashboard")
                .containsExactlyInAnyOrderElementsOf(MonitoringDocs.RELAY_METRICS);
    }

    @Test
    void everyDashboardQueryParsesAsPromQl() throws IOException {
        ExternalClient.requireTool("promtool");
        ObjectNode rules = MonitoringDocs.JSON.createObjectNode();
        ArrayNode list = rules.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        List<MonitoringDocs.Query> queries = MonitoringDocs.dashboardQueries();
        for (int i = 0; i < queries.size(); i++) {
            list.addObject().put("record", "dashboard:query_" + i).put("expr", MonitoringDocs.asPrometheusQuery(queries.get(i).expr()));
        }
        Path file = temp.resolve("dashboard-queries.yml");
        MonitoringDocs.YAML.writeValue(file.toFile(), rules);

        ExternalClient.Result check = promtool("check", "rules", file.toString());

        StringBuilder named = new StringBuilder();
        for (int i = 0; i < queries.size(); i++) {
            named.append("\ndashboard:query_").append(i).append(" is ").append(queries.get(i).where());
        }
        assertThat(check.exitCode()).as(check.output() + named).isZero();
        assertThat(check.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    /** promtool test rules on the unit tests, against a copy of the rules in which one alert's rule is changed. */
    private ExternalClient.Result testRulesWith(String alert, java.util.function.Consumer<ObjectNode> change) throws IOException {
        JsonNode rules = MonitoringDocs.read(MonitoringDocs.YAML, MonitoringDocs.alertsFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (alert.equals(rule.path("alert").asText())) {
                    change.accept((ObjectNode) rule);
                }
            }
        }
        Path dir = Files.createTempDirectory(temp, alert);
        MonitoringDocs.YAML.writeValue(dir.resolve("alerts.yml").toFile(), rules);
        Path tests = Files.copy(MonitoringDocs.alertTestsFile(), dir.resolve("alerts_test.yml"));
        return promtool("test", "rules", tests.toString());
    }

    private static ExternalClient.Result promtool(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        return ExternalClient.run(command);
    }
}
