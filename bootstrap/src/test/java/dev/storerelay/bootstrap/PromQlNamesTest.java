package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlNamesTest {
    @Test
    void aSelectorIsItsName() {
        assertThat(PromQlNames.metricNames("up")).containsExactly("up");
        assertThat(PromQlNames.metricNames("up{job=\"store-relay\"} == 0")).containsExactly("up");
    }

    @Test
    void functionsGroupingLabelsAndLabelValuesAreNotNames() {
        assertThat(PromQlNames.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(storerelay_delivery_duration_seconds_bucket{instance=~\"a|b\"}[5m])))"))
                .containsExactly("storerelay_delivery_duration_seconds_bucket");
        assertThat(PromQlNames.metricNames("sum(rate(x_total[1m])) without (instance, pod)")).containsExactly("x_total");
    }

    @Test
    void durationsOffsetsAndNumbersAreNotNames() {
        assertThat(PromQlNames.metricNames("increase(a_total[5m] offset 10m) > 1e3 and deriv(b[15m:1m]) > 0.5"))
                .containsExactly("a_total", "b");
    }

    @Test
    void bothSidesOfSetOperatorsAndVectorMatchingAreRead() {
        assertThat(PromQlNames.metricNames(
                "sum by (store) (increase(a_total{outcome=~\"failed|deferred\"}[15m])) > 0 unless on (store) "
                        + "b_total * on (instance) group_left (version) c_info"))
                .containsExactly("a_total", "b_total", "c_info");
    }

    @Test
    void grafanaVariablesAndStringsAreNotNames() {
        assertThat(PromQlNames.metricNames(
                "rate(d_total{instance=~\"$instance\", store=~\"${store:regex}\"}[$__rate_interval]) or label_replace(e, \"x\", \"$1\", \"y\", \"(.*)\")"))
                .containsExactly("d_total", "e");
    }
}
