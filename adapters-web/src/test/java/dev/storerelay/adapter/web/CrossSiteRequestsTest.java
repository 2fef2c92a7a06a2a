package dev.storerelay.adapter.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CrossSiteRequestsTest {
    private final CrossSiteRequests direct = new CrossSiteRequests(false);
    private final CrossSiteRequests behindTls = new CrossSiteRequests(true);

    @ParameterizedTest(name = "Sec-Fetch-Site {0}, Origin {1}")
    @CsvSource(value = {
            "null, null", "same-origin, null", "none, null", "SAME-ORIGIN, null",
            "null, http://127.0.0.1:8080", "same-origin, http://127.0.0.1:8080", "null, HTTP://127.0.0.1:8080",
            "same-origin, opaque"}, nullValues = "null")
    void requestsOfTheAdminsOwnOriginOrOfNoBrowserPass(String secFetchSite, String origin) {
        assertThat(direct.refusal(secFetchSite, opaque(origin), "http", "127.0.0.1:8080")).isEmpty();
    }

    @ParameterizedTest(name = "Sec-Fetch-Site {0}, Origin {1}")
    @CsvSource(value = {
            "cross-site, null", "same-site, null", "something-new, null",
            "null, http://evil.example", "null, opaque", "none, opaque", "null, http://127.0.0.1:8081",
            "null, https://127.0.0.1:8080", "null, http://127.0.0.1", "null, http://localhost:8080",
            "null, http://127.0.0.1:8080/path", "null, http://user@127.0.0.1:8080", "null, not an origin",
            "same-origin, http://evil.example"}, nullValues = "null")
    void anythingElseIsCrossSite(String secFetchSite, String origin) {
        assertThat(direct.refusal(secFetchSite, opaque(origin), "http", "127.0.0.1:8080")).isPresent();
    }

    /** "opaque" stands for the origin a browser sends as the text {@code null}, which a CSV source cannot write. */
    private static String opaque(String origin) {
        return "opaque".equals(origin) ? "null" : origin;
    }

    @Test
    void defaultPortsAreTheSameOriginWrittenOutOrNot() {
        assertThat(direct.refusal(null, "http://admin.example", "http", "admin.example:80")).isEmpty();
        assertThat(direct.refusal(null, "http://admin.example:80", "http", "admin.example")).isEmpty();
        assertThat(direct.refusal(null, "https://admin.example", "https", "admin.example")).isEmpty();
        assertThat(direct.refusal(null, "http://[::1]:8080", "http", "[::1]:8080")).isEmpty();
    }

    @Test
    void behindATlsProxyTheHttpsOriginOfTheSameHostIsOwn() {
        assertThat(behindTls.refusal(null, "https://admin.example", "http", "admin.example")).isEmpty();
        assertThat(direct.refusal(null, "https://admin.example", "http", "admin.example")).isPresent();
        assertThat(behindTls.refusal(null, "https://evil.example", "http", "admin.example")).isPresent();
    }

    @Test
    void withoutAHostHeaderNoOriginIsOwn() {
        assertThat(direct.refusal(null, "http://127.0.0.1:8080", "http", null)).isPresent();
    }
}
