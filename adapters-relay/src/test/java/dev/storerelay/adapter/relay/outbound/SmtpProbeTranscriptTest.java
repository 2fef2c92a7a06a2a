package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import org.eclipse.angus.mail.util.MailLogger;
import org.eclipse.angus.mail.util.TraceInputStream;
import org.eclipse.angus.mail.util.TraceOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    @Test
    void everyAuthPayloadIsMaskedUntilTheServersFinalReply() {
        SmtpProbeTranscript transcript = new SmtpProbeTranscript(null);

        transcript.client("AUTH LOGIN");
        transcript.server("334 VXNlcm5hbWU6");
        transcript.client("c3RvcmUtYw==");
        transcript.server("334 UGFzc3dvcmQ6");
        transcript.client("c2VjcmV0");
        transcript.server("235 2.7.0 Authentication successful");
        transcript.client("AUTH XOAUTH2 dXNlcj1hQGIuZXhhbXBsZQFhdXRoPUJlYXJlciB0b2tlbgEB");
        transcript.server("334 eyJzdGF0dXMiOiI0MDAifQ==");
        transcript.client("");
        transcript.server("535 5.7.8 Username and Password not accepted");
        transcript.client("MAIL FROM:<a@b.example>");

        assertThat(transcript.lines()).filteredOn(l -> l.direction() == Direction.CLIENT).extracting(TranscriptLine::text)
                .containsExactly("AUTH LOGIN", "********", "********", "AUTH XOAUTH2 ********", "********",
                        "MAIL FROM:<a@b.example>");
    }

    @Test
    void theMessageAfterDataIsShownAsItIsAndCommandsAfterItCountAgain() {
        SmtpProbeTranscript transcript = new SmtpProbeTranscript(null);

        transcript.client("DATA");
        transcript.server("354 go ahead");
        transcript.client("AUTH in a body line is text, not a login");
        transcript.client(".");
        transcript.server("250 2.0.0 queued");
        transcript.client("AUTH PLAIN AGEAYg==");

        assertThat(transcript.lines()).filteredOn(l -> l.direction() == Direction.CLIENT).extracting(TranscriptLine::text)
                .containsExactly("DATA", "AUTH in a body line is text, not a login", ".", "AUTH PLAIN ********");
        assertThat(transcript.lastCommand()).isEqualTo("AUTH PLAIN ********");
    }

    @Test
    void whatTheEhloReplyOffersIsKnownAndTheGreetingLineIsNoKeyword() {
        SmtpProbeTranscript transcript = new SmtpProbeTranscript(null);

        transcript.client("EHLO relay.test");
        transcript.server("250-STARTTLS.example greets relay.test");
        transcript.server("250-SIZE 35882577");
        transcript.server("250-AUTH LOGIN PLAIN XOAUTH2");
        transcript.server("250 8BITMIME");

        assertThat(transcript.offers("SIZE")).isTrue();
        assertThat(transcript.offers("STARTTLS")).isFalse();
        assertThat(transcript.offeredAuth()).isEqualTo("LOGIN PLAIN XOAUTH2");
    }

    @Test
    void angusTraceLinesAreSortedByWhoWroteThemAndItsRemarksLeftOut() throws IOException {
        SmtpProbeTranscript transcript = new SmtpProbeTranscript(null);
        MailLogger logger = new MailLogger(SmtpProbeTranscriptTest.class, "DEBUG SMTP", true, transcript.angusTrace());
        MailLogger trace = logger.getSubLogger("protocol", null);

        new TraceInputStream(new ByteArrayInputStream("220 mx.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII)), trace)
                .readAllBytes();
        logger.fine("connected to host \"mx.example\", port: 25");
        new TraceOutputStream(OutputStream.nullOutputStream(), trace).write("EHLO relay.test\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(transcript.lines()).containsExactly(
                new TranscriptLine(Direction.SERVER, "220 mx.example ESMTP"),
                new TranscriptLine(Direction.CLIENT, "EHLO relay.test"));
    }
}
