package dev.storerelay.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamReplyTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("2.0.0 Ok: queued", "2.0.0 Ok: queued"),
                Arguments.of("  padded  ", "padded"),
                Arguments.of("line one\r\nline two", "line one line two"),
                Arguments.of("a\r\n\r\nb\nc\rd", "a b c d"),
                Arguments.of("trailing\r\n", "trailing"),
                Arguments.of("", ""));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void textIsCleanedToOneLine(String given, String expected) {
        assertThat(new UpstreamReply(250, given).text()).isEqualTo(expected);
    }

    @Test
    void textIsCutToAThousandCharacters() {
        assertThat(new UpstreamReply(550, "x".repeat(5000)).text()).hasSize(1000);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 199, 600, 999})
    void refusesCodesThatAreNotSmtpReplies(int code) {
        assertThatIllegalArgumentException().isThrownBy(() -> new UpstreamReply(code, "x"));
    }

    @ParameterizedTest
    @CsvSource({"0, false, false", "200, true, false", "250, true, false", "299, true, false", "354, false, false",
            "421, false, false", "451, false, false", "499, false, false", "500, false, true", "550, false, true",
            "599, false, true"})
    void classifiesCodes(int code, boolean positive, boolean permanent) {
        UpstreamReply reply = new UpstreamReply(code, "x");
        assertThat(reply.isPositive()).isEqualTo(positive);
        assertThat(reply.isPermanentFailure()).isEqualTo(permanent);
    }

    @Test
    void noReplyHasCodeZeroAndShowsOnlyTheReason() {
        UpstreamReply reply = UpstreamReply.noReply("connection refused\r\n");
        assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
        assertThat(reply).hasToString("connection refused");
        assertThat(new UpstreamReply(550, "5.1.1 unknown user")).hasToString("550 5.1.1 unknown user");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "550 5.1.1 no such user | 550 | 5.1.1 no such user",
            "250 ok                 | 250 | ok",
            "421                    | 421 | ''",
            "upstream smtp.office365.com refused the login: 535 5.7.3 x | 0 | upstream smtp.office365.com refused the login: 535 5.7.3 x",
            "discarded by an admin  | 0   | discarded by an admin",
            "535-5.7.8 folded       | 0   | 535-5.7.8 folded",
            "199 not a reply code   | 0   | 199 not a reply code",
            "5500 too long a code   | 0   | 5500 too long a code",
    })
    void aReplyShownInTheLogIsReadBackWithItsCode(String shown, int code, String text) {
        UpstreamReply reply = UpstreamReply.fromShown(shown);

        assertThat(reply).isEqualTo(new UpstreamReply(code, text));
        assertThat(UpstreamReply.fromShown(reply.toString())).isEqualTo(reply);
    }
}
