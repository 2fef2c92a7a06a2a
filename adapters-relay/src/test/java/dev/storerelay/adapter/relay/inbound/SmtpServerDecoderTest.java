package dev.storerelay.adapter.relay.inbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static dev.storerelay.adapter.relay.inbound.DecoderHarness.bytesOneByOne;
import static dev.storerelay.adapter.relay.inbound.DecoderHarness.decodeParts;
import static dev.storerelay.adapter.relay.inbound.DecoderHarness.decodeSplit;
import static dev.storerelay.adapter.relay.inbound.DecoderHarness.decodeWhole;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every input is decoded whole, split in two at every byte position, and byte by byte: the outcome must not depend
 * on how TCP cut the stream.
 */
class SmtpServerDecoderTest {
    private static final long LIMIT = 10_000;

    @Test
    void commandLineBecomesRequestWithUpperCasedVerbAndSpaceSeparatedParameters() {
        assertDecodes("mail FROM:<a@example.com>  SIZE=10\r\nEHLO client.example\r\n",
                "MAIL [FROM:<a@example.com>, SIZE=10]", "EHLO [client.example]");
    }

    @Test
    void emptyLineIsTheEmptyCommand() {
        assertDecodes("\r\nNOOP\r\n", "EMPTY []", "NOOP []");
    }

    @Test
    void pipelinedTransactionWithMessageAndCommandsBehindIt() {
        assertDecodes("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n"
                        + "Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n",
                "MAIL [FROM:<a@example.com>]", "RCPT [TO:<b@example.com>]", "DATA []",
                "data:Subject: hi\r\n\r\nbody\r\n", "end:COMPLETE", "QUIT []");
    }

    @Test
    void dotOnTheFirstDataLineIsUnstuffed() {
        assertDecodes("DATA\r\n.hidden\r\n..\r\n...\r\n.\r\n",
                "DATA []", "data:hidden\r\n.\r\n..\r\n", "end:COMPLETE");
    }

    @Test
    void loneDotRightAfterDataIsAnEmptyMessage() {
        assertDecodes("DATA\r\n.\r\nNOOP\r\n", "DATA []", "end:COMPLETE", "NOOP []");
    }

    @Test
    void onlyCrLfDotCrLfEndsData() {
        assertDecodes("DATA\r\n .\r\n.x\r\n\r\n.\r\n",
                "DATA []", "data: .\r\nx\r\n\r\n", "end:COMPLETE");
    }

    @Test
    void refusedDataLeavesWhatFollowsToBeReadAsCommands() {
        List<String> expected = List.of("DATA []", "NOOP []", "QUIT []");
        String input = "DATA\r\nNOOP\r\nQUIT\r\n";
        assertThat(decodeWhole(input, LIMIT, false)).isEqualTo(expected);
        for (int split = 1; split < input.length(); split++) {
            assertThat(decodeSplit(input, LIMIT, split, false)).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void bareLfInACommandIsRefusedAndNothingAfterItIsRead() {
        assertDecodes("NOOP\r\nNOOP\nQUIT\r\n", "NOOP []", "error:BARE_LINE_END");
    }

    @Test
    void bareCrInACommandIsRefused() {
        assertDecodes("NOOP\rQUIT\r\nNOOP\r\n", "error:BARE_LINE_END");
    }

    @Test
    void smugglingWithLfDotCrLfIsRefused() {
        assertDecodes("DATA\r\nSubject: a\r\n\r\nbody\n.\r\nMAIL FROM:<evil@example.com>\r\n.\r\n",
                "DATA []", "error:BARE_LINE_END");
    }

    @Test
    void smugglingWithCrLfDotLfIsRefused() {
        assertDecodes("DATA\r\nbody\r\n.\nMAIL FROM:<evil@example.com>\r\n.\r\n", "DATA []", "error:BARE_LINE_END");
    }

    @Test
    void bareCrInDataIsRefused() {
        assertDecodes("DATA\r\nbody\r.\r\r\n.\r\n", "DATA []", "error:BARE_LINE_END");
    }

    @Test
    void commandLineOf512OctetsIsAccepted() {
        String verb = "NOOP " + "a".repeat(TestDecoders.MAX_COMMAND_LINE - 2 - 5);
        assertDecodes(verb + "\r\n", "NOOP [" + "a".repeat(TestDecoders.MAX_COMMAND_LINE - 7) + "]");
    }

    @Test
    void tooLongCommandLineIsRefusedOnceAndTheNextLineIsReadAgain() {
        String tooLong = "NOOP " + "a".repeat(TestDecoders.MAX_COMMAND_LINE - 2 - 4);
        assertDecodes(tooLong + "\r\nQUIT\r\n", "error:COMMAND_LINE_TOO_LONG", "QUIT []");
    }

    @Test
    void textLineOf1000OctetsIsAccepted() {
        String line = "x".repeat(TestDecoders.MAX_TEXT_LINE - 2);
        assertDecodes("DATA\r\n" + line + "\r\n.\r\n", "DATA []", "data:" + line + "\r\n", "end:COMPLETE");
    }

    @Test
    void tooLongTextLineRefusesTheMessageAtTheEndOfData() {
        String line = "x".repeat(TestDecoders.MAX_TEXT_LINE - 1);
        assertDecodes("DATA\r\nfirst\r\n" + line + "\r\nlast\r\n.\r\nNOOP\r\n",
                "DATA []", "data:first\r\n", "end:LINE_TOO_LONG", "NOOP []");
    }

    @Test
    void messageAtTheSizeLimitIsComplete() {
        assertDecodes(22, "DATA\r\n012345678\r\n012345678\r\n.\r\n",
                "DATA []", "data:012345678\r\n012345678\r\n", "end:COMPLETE");
    }

    @Test
    void oversizeMessageIsReadToItsEndAndReportedTooLarge() {
        assertDecodes(22, "DATA\r\n012345678\r\n0123456789\r\nmore\r\n.\r\nNOOP\r\n",
                "DATA []", "data:012345678\r\n", "end:TOO_LARGE", "NOOP []");
    }

    @Test
    void countersStartAgainForTheNextMessage() {
        assertDecodes(20, "DATA\r\n0123456789012345678901\r\n.\r\nDATA\r\n0123456789\r\n.\r\n",
                "DATA []", "end:TOO_LARGE", "DATA []", "data:0123456789\r\n", "end:COMPLETE");
    }

    @Test
    void authAnswerLinesAreNeitherUpperCasedNorSplit() {
        assertDecodes("AUTH LOGIN\r\ndXNlcg==\r\nAUTH PLAIN AGEAYiBj\r\n  a b  \r\nNOOP\r\n",
                "AUTH [LOGIN]", "auth:dXNlcg==", "AUTH [PLAIN, AGEAYiBj]", "auth:a b", "NOOP []");
    }

    @Test
    void tooLongAuthAnswerIsRefusedAndCommandsAreReadAgain() {
        assertDecodes("AUTH PLAIN\r\n" + "A".repeat(TestDecoders.MAX_COMMAND_LINE) + "\r\nNOOP\r\n",
                "AUTH [PLAIN]", "error:COMMAND_LINE_TOO_LONG", "NOOP []");
    }

    @Test
    void nulInACommandLineIsRefusedAndTheNextLineIsReadAgain() {
        assertDecodes("NO\u0000OP\r\nAUTH PLAIN\r\nab\u0000\r\nQUIT\r\n",
                "error:NUL_IN_COMMAND", "AUTH [PLAIN]", "error:NUL_IN_COMMAND", "QUIT []");
    }

    @Test
    void nulAndEightBitOctetsInMessageTextArePassedOn() {
        assertDecodes("DATA\r\na\u0000b\u00e9\u00ff\r\n.\r\n", "DATA []", "data:a\u0000b\u00e9\u00ff\r\n", "end:COMPLETE");
    }

    @Test
    void bytesPipelinedBehindStartTlsWaitUndecodedForTheSessionToSeeThem() {
        SmtpServerDecoder decoder = TestDecoders.decoder(LIMIT);
        io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel(decoder);
        channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(DecoderHarness.bytes("STARTTLS\r\nMAIL FROM:<a@b.example>\r\n")));
        assertThat(channel.<Object>readInbound()).hasToString("DefaultSmtpRequest{command=SmtpCommand{name=STARTTLS}, parameters=[]}");
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(decoder.bufferedBytes()).isEqualTo("MAIL FROM:<a@b.example>\r\n".length());
        channel.finishAndReleaseAll();
    }

    /** End-of-data look-alikes that lenient servers accept (SMTP smuggling, CVE-2023-51764/51765/51766, James CVE-2023-51747). */
    static List<String> falseEndsOfData() {
        return List.of("\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r\n.\r", "\n.\r", "\r.\r\n", "\r.\n",
                "\n\r.\r\n", "\r\n.\r\r\n", "\r\n\u0000.\r\n", "\n.\n\r\n", "\r\n.\n\r\n", ".\r\n",
                "\r\n .\r\n", "\r\n.\u0000\r\n", "\r\n..\r\n", "\r\n.\r\n\n");
    }

    @ParameterizedTest
    @MethodSource("falseEndsOfData")
    void falseEndOfDataNeverStartsASmuggledMessage(String falseEnd) {
        String input = "MAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\nSubject: x\r\n\r\nbody" + falseEnd
                + "MAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\nsmuggled\r\n.\r\n";
        List<List<String>> runs = new java.util.ArrayList<>();
        runs.add(decodeWhole(input, LIMIT, true));
        for (int split = 1; split < input.length(); split++) {
            runs.add(decodeSplit(input, LIMIT, split, true));
        }
        runs.add(decodeParts(LIMIT, true, bytesOneByOne(input)));
        for (List<String> events : runs) {
            assertThat(events).as("events for %s", Arrays.toString(falseEnd.getBytes())).isEqualTo(runs.get(0))
                    .filteredOn(e -> e.startsWith("MAIL") || e.startsWith("DATA"))
                    .containsExactly("MAIL [FROM:<app@example.com>]", "DATA []");
            assertThat(events).filteredOn(e -> e.startsWith("end:")).hasSizeLessThanOrEqualTo(1);
        }
    }

    private static void assertDecodes(String input, String... expected) {
        assertDecodes(LIMIT, input, expected);
    }

    private static void assertDecodes(long limit, String input, String... expected) {
        List<String> want = Arrays.asList(expected);
        assertThat(decodeWhole(input, limit, true)).as("whole").isEqualTo(want);
        for (int split = 1; split < input.length(); split++) {
            assertThat(decodeSplit(input, limit, split, true)).as("split at %d", split).isEqualTo(want);
        }
        assertThat(decodeParts(limit, true, bytesOneByOne(input))).as("byte by byte").isEqualTo(want);
    }
}
