package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpProbeTranscriptTest {
    private static final String PASSWORD = "s3cret-Pass";

    @Test
    void thePasswordIsMaskedWhereverItShowsInClearOrBase64() {
        SmtpProbeTranscript transcript = new SmtpProbeTranscript(PASSWORD);
        String base64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));

        transcript.server("535 5.7.8 password " + PASSWORD + " is wrong");
        transcript.server("334 " + base64);

        assertThat(transcript.lines()).containsExactly(
                new TranscriptLine(Direction.SERVER, "535 5.7.8 password ******** is wrong"),
                new TranscriptLine(Direction.SERVER, "334 ********"));
        assertThat(transcript.redact("Error: " + PASSWORD)).isEqualTo("Error: ********");
    }

    @Test
    void controlCharactersAreShownNotPassedOn() {
        SmtpProbeTranscript transcript = new SmtpProbeTranscript(null);

        transcript.server("220 hello\u0000\u001b[2J");

        assertThat(transcript.lines()).extracting(TranscriptLine::text).containsExactly("220 hello\\x00\\x1b[2J");
    }

    @Test
    void aHugeLineIsCut() {
        SmtpProbeTranscript transcript = new SmtpProbeTranscript(null);

        transcript.server("250 " + "x".repeat(100_000));

        assertThat(transcript.lines().get(0).text()).hasSizeLessThan(1100);
    }
}
