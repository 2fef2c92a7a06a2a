package dev.storerelay.adapter.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueryParamsTest {
    private final Map<String, String> errors = new LinkedHashMap<>();

    @Test
    void everyNumberTheMessageNamesIsAccepted() {
        assertThat(QueryParams.number("2147483647", 0, 0, Integer.MAX_VALUE, "offset", errors)).isEqualTo(Integer.MAX_VALUE);
        assertThat(QueryParams.number("1000000000", 0, 0, Integer.MAX_VALUE, "offset", errors)).isEqualTo(1_000_000_000);
        assertThat(QueryParams.number("007", 0, 0, Integer.MAX_VALUE, "offset", errors)).isEqualTo(7);
        assertThat(errors).isEmpty();
    }

    @Test
    void theOffsetGoesUpToItsNamedMaximum() {
        assertThat(QueryParams.offset(String.valueOf(QueryParams.MAX_OFFSET), errors)).isEqualTo(QueryParams.MAX_OFFSET);
        assertThat(QueryParams.offset("0", errors)).isZero();
        assertThat(QueryParams.offset(null, errors)).isZero();
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "99999999999999999999999", "-1", "1e3", " 1", "ten"})
    void anOffsetOutsideTheNamedRangeIsAnErrorNamingThatRange(String text) {
        assertThat(QueryParams.offset(text, errors)).isZero();

        assertThat(errors).containsExactly(Map.entry("offset", "Enter a whole number from 0 to " + QueryParams.MAX_OFFSET + "."));
    }

    @Test
    void theRangeIsEnforcedAsNamedForOtherLimitsToo() {
        assertThat(QueryParams.number("500", 50, 1, 500, "limit", errors)).isEqualTo(500);
        assertThat(QueryParams.number("0000000000500", 50, 1, 500, "limit", errors)).isEqualTo(500);
        assertThat(errors).isEmpty();

        assertThat(QueryParams.number("501", 50, 1, 500, "limit", errors)).isEqualTo(50);
        assertThat(errors).containsEntry("limit", "Enter a whole number from 1 to 500.");
    }
}
