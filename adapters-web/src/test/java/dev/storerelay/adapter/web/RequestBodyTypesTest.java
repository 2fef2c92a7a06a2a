package dev.storerelay.adapter.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodyTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON",
            " application/json ;charset=UTF-8", "application/merge-patch+json"})
    void jsonIsAcceptedWithOrWithoutParameters(String contentType) {
        assertThat(RequestBodyTypes.JSON.accepts(contentType)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/jsonp", "text/json", "application/json-seq", "*/*"})
    void anythingElseIsNot(String contentType) {
        assertThat(RequestBodyTypes.JSON.accepts(contentType)).isFalse();
    }

    @Test
    void aRouteMayAcceptOneTypeMore() {
        RequestBodyTypes jsonOrCsv = RequestBodyTypes.JSON.and("text/CSV");

        assertThat(jsonOrCsv.accepts("text/csv; charset=utf-8")).isTrue();
        assertThat(jsonOrCsv.accepts("application/json")).isTrue();
        assertThat(jsonOrCsv.accepts("text/plain")).isFalse();
        assertThat(RequestBodyTypes.JSON.accepts("text/csv")).as("the default is unchanged").isFalse();
        assertThat(jsonOrCsv.mediaTypes()).containsExactly("application/json", "application/merge-patch+json", "text/csv");
    }
}
