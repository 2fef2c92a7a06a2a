package dev.storerelay.adapter.relay.inbound;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds bytes to a {@link SmtpServerDecoder} in given parts, playing the session: accepts (or refuses) each DATA,
 * answers each AUTH with a challenge, resumes after each message, AUTH answer and STARTTLS. Events are text:
 * {@code "MAIL [FROM:<a@b>]"}, {@code "data:..."} (chunks joined), {@code "end:COMPLETE"}, {@code "auth:..."},
 * {@code "error:BARE_LINE_END"}.
 */
final class DecoderHarness {
    private DecoderHarness() {
    }

    static List<String> decodeParts(long limit, boolean acceptData, List<byte[]> parts) {
        return decodeParts(limit, acceptData, parts, Integer.MAX_VALUE);
    }

    /** Also checks after every part that the decoder holds no more than {@code maxBuffered} undecoded octets. */
    static List<String> decodeParts(long limit, boolean acceptData, List<byte[]> parts, int maxBuffered) {
        SmtpServerDecoder decoder = TestDecoders.decoder(limit);
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
                events.add(describe(event));
                react(decoder, event, acceptData);
                channel.runPendingTasks();
            }
            channel.checkException();
            assertThat(decoder.bufferedBytes()).as("undecoded octets").isLessThanOrEqualTo(maxBuffered);
        }
        if (data.size() > 0) {
            events.add("unfinished:" + data.toString(StandardCharsets.ISO_8859_1));   // input ended inside a message
        }
        channel.finishAndReleaseAll();
        return events;
    }

    private static void react(SmtpServerDecoder decoder, Object event, boolean acceptData) {
        if (event instanceof SmtpRequest) {
            SmtpCommand command = ((SmtpRequest) event).command();
            if (SmtpCommand.DATA.equals(command)) {
                if (acceptData) {
                    decoder.startData();
                } else {
                    decoder.resumeCommands();
                }
            } else if (SmtpServerDecoder.AUTH.equals(command)) {
                decoder.readAuthAnswer();
            } else if (SmtpServerDecoder.STARTTLS.equals(command)) {
                decoder.resumeCommands();
            }
        } else if (event instanceof DataEnd || event instanceof AuthLine) {
            decoder.resumeCommands();
        }
    }

    private static String describe(Object event) {
        if (event instanceof SmtpRequest) {
            SmtpRequest request = (SmtpRequest) event;
            String verb = SmtpCommand.EMPTY.equals(request.command()) ? "EMPTY" : request.command().name().toString();
            return verb + " " + request.parameters();
        }
        if (event instanceof DataEnd) {
            return "end:" + event;
        }
        if (event instanceof AuthLine) {
            return "auth:" + ((AuthLine) event).text();
        }
        return "error:" + event;
    }

    static List<String> decodeWhole(String input, long limit, boolean acceptData) {
        return decodeParts(limit, acceptData, List.of(bytes(input)));
    }

    static List<String> decodeSplit(String input, long limit, int split, boolean acceptData) {
        byte[] all = bytes(input);
        return decodeParts(limit, acceptData,
                List.of(Arrays.copyOfRange(all, 0, split), Arrays.copyOfRange(all, split, all.length)));
    }

    static List<byte[]> bytesOneByOne(String input) {
        List<byte[]> parts = new ArrayList<>();
        for (byte b : bytes(input)) {
            parts.add(new byte[] {b});
        }
        return parts;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
