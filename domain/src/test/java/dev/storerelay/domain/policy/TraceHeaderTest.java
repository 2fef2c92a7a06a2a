package dev.storerelay.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TraceHeaderTest {
    private static final Instant AT = Instant.parse("2024-03-05T07:08:09Z");

    @Test
    void hasTheReceivedFormatWithAnRfc5322DateInUtc() {
        assertThat(TraceHeader.received("erp.local", "192.0.2.7", "relay.example.com", "42", AT))
                .isEqualTo("from erp.local (192.0.2.7) by relay.example.com (store-relay) with ESMTP id 42;"
                        + " Tue, 5 Mar 2024 07:08:09 +0000");
    }

    @Test
    void theDateParsesAsRfc1123() {
        String header = TraceHeader.received("c", "::1", "relay", "1", Instant.parse("2024-12-31T23:59:59.999Z"));
        String date = header.substring(header.indexOf("; ") + 2);
        assertThat(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .isEqualTo(Instant.parse("2024-12-31T23:59:59Z"));
    }

    static Stream<Arguments> untrustedClientNames() {
        return Stream.of(
                Arguments.of("evil\r\nX-Injected: yes", "evil__X-Injected:_yes"),
                Arguments.of("evil\nBcc: x@y.z", "evil_Bcc:_x@y.z"),
                Arguments.of("a;b", "a_b"),
                Arguments.of("(comment)", "_comment_"),
                Arguments.of("back\\slash", "back_slash"),
                Arguments.of("tab\there", "tab_here"),
                Arguments.of("\u00e4rger", "_rger"),
                Arguments.of("", "unknown"),
                Arguments.of("   ", "unknown"),
                Arguments.of(null, "unknown"));
    }

    @ParameterizedTest
    @MethodSource("untrustedClientNames")
    void theClientNameIsNeutralised(String clientName, String shown) {
        String header = TraceHeader.received(clientName, "192.0.2.7", "relay", "1", AT);
        assertThat(header).startsWith("from " + shown + " (192.0.2.7) by relay ");
        assertThat(header).doesNotContain("\r", "\n");
        assertThat(header.indexOf(';')).isEqualTo(header.lastIndexOf(';'));
    }

    @Test
    void aLongClientNameIsCut() {
        String header = TraceHeader.received("x".repeat(5000), "192.0.2.7", "relay", "1", AT);
        assertThat(header).startsWith("from " + "x".repeat(100) + " (");
    }

    @Test
    void everyPartIsCleaned() {
        String header = TraceHeader.received("c", "1.2.3.4\r\n", "relay;x", "id\n", AT);
        assertThat(header).isEqualTo("from c (1.2.3.4__) by relay_x (store-relay) with ESMTP id id_; Tue, 5 Mar 2024 07:08:09 +0000");
    }
}
