package dev.storerelay.adapter.relay.inbound;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        String verb = "NOOP " + "a".repeat(SmtpServerDecoder.MAX_COMMAND_LINE - 2 - 5);
        assertDecodes(verb + "\r\n", "NOOP [" + "a".repeat(SmtpServerDecoder.MAX_COMMAND_LINE - 7) + "]");
    }

    @Test
    void tooLongCommandLineIsRefusedOnceAndTheNextLineIsReadAgain() {
        String tooLong = "NOOP " + "a".repeat(SmtpServerDecoder.MAX_COMMAND_LINE - 2 - 4);
        assertDecodes(tooLong + "\r\nQUIT\r\n", "error:COMMAND_LINE_TOO_LONG", "QUIT []");
    }

    @Test
    void textLineOf1000OctetsIsAccepted() {
        String line = "x".repeat(SmtpServerDecoder.MAX_TEXT_LINE - 2);
        assertDecodes("DATA\r\n" + line + "\r\n.\r\n", "DATA []", "data:" + line + "\r\n", "end:COMPLETE");
    }

    @Test
    void tooLongTextLineRefusesTheMessageAtTheEndOfData() {
        String line = "x".repeat(SmtpServerDecoder.MAX_TEXT_LINE - 1);
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

    private static List<String> decodeWhole(String input, long limit, boolean acceptData) {
        return decodeParts(limit, acceptData, List.of(bytes(input)));
    }

    private static List<String> decodeSplit(String input, long limit, int split, boolean acceptData) {
        byte[] all = bytes(input);
        return decodeParts(limit, acceptData,
                List.of(Arrays.copyOfRange(all, 0, split), Arrays.copyOfRange(all, split, all.length)));
    }

    private static List<byte[]> bytesOneByOne(String input) {
        List<byte[]> parts = new ArrayList<>();
        for (byte b : bytes(input)) {
            parts.add(new byte[] {b});
        }
        return parts;
    }

    /** Feeds the parts, playing the session: accepts or refuses each DATA, resumes after each message. */
    private static List<String> decodeParts(long limit, boolean acceptData, List<byte[]> parts) {
        SmtpServerDecoder decoder = new SmtpServerDecoder(limit);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<String> events = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            channel.writeInbound(Unpooled.wrappedBuffer(part));
            Object event;
            while ((event = channel.readInbound()) != null) {
                if (event instanceof DataChunk) {
                    data.writeBytes(((DataChunk) event).bytes());
                    continue;
                }
                if (event instanceof InputError) {
                    data.reset();                       // the session drops a message cut by bad input
                }
                if (data.size() > 0) {
                    events.add("data:" + data.toString(StandardCharsets.ISO_8859_1));
                    data.reset();
                }
                if (event instanceof SmtpRequest) {
                    SmtpRequest request = (SmtpRequest) event;
                    String verb = SmtpCommand.EMPTY.equals(request.command()) ? "EMPTY" : request.command().name().toString();
                    events.add(verb + " " + request.parameters());
                    if (SmtpCommand.DATA.equals(request.command())) {
                        if (acceptData) {
                            decoder.startData();
                        } else {
                            decoder.resumeCommands();
                        }
                        channel.runPendingTasks();
                    }
                } else if (event instanceof DataEnd) {
                    events.add("end:" + event);
                    decoder.resumeCommands();
                    channel.runPendingTasks();
                } else {
                    events.add("error:" + event);
                }
            }
        }
        assertThat(data.size()).as("data chunks without an end").isZero();
        channel.finishAndReleaseAll();
        return events;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
