package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerSecurity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One session in an {@link EmbeddedChannel}: decoder, encoder and session as in production, blocking calls run
 * inline. The client address is not an IP address, so the client counts as remote (not loopback): the case a real
 * loopback socket cannot show.
 */
final class EmbeddedSession implements AutoCloseable {
    static final long MAX_BYTES = 2_000;

    private final EmbeddedChannel channel;
    private final SmtpServerDecoder decoder;
    private final StringBuilder pending = new StringBuilder();

    EmbeddedSession(ListenerSecurity security, boolean trustedSubmitter, RecordingRelay relay,
                    FakeRelayCredentials credentials) {
        this(security, trustedSubmitter, relay, credentials, TestRefusalRecorders.unread());
    }

    /** @param refusals where the session's refusals go */
    EmbeddedSession(ListenerSecurity security, boolean trustedSubmitter, RecordingRelay relay,
                    FakeRelayCredentials credentials, RefusalRecorder refusals) {
        ListenerConfig config = TestListenerConfigs.loopback().maxMessageBytes(MAX_BYTES).maxRecipients(5)
                .idleTimeout(Duration.ofMinutes(1)).build();
        SubmissionPolicy policy = new SubmissionPolicy(security);
        FakeSubmitters submitters = trustedSubmitter ? new FakeSubmitters() : FakeSubmitters.trustingNobody();
        SessionSetup setup = new SessionSetup(CommandHandlers.of(config, policy, InMemoryMessageSink::new),
                new EndOfDataHandler(relay, config.storeHeaderName(), config.maxTextLineOctets(), ListenerMetrics.none()),
                Replies.greeting("relay.test"), Replies.lineTooLong(config.maxCommandLineOctets()),
                config.idleTimeout(), policy, StartTls.unavailable(), credentials, submitters, Runnable::run,
                ListenerMetrics.none(), refusals);
        decoder = TestDecoders.decoder(MAX_BYTES);
        channel = new EmbeddedChannel(decoder, new SmtpResponseEncoder(), new SmtpSessionHandler(setup));
        channel.runPendingTasks();
    }

    /** Writes the bytes as one read and lets every pending task (answers of blocking calls) run. */
    EmbeddedSession send(byte[] bytes) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            channel.runPendingTasks();
            channel.checkException();
        }
        return this;
    }

    EmbeddedSession send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every complete reply the server wrote since the last call, each as its lines joined by newlines. */
    List<String> replies() {
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            pending.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        List<String> replies = new ArrayList<>();
        StringBuilder reply = new StringBuilder();
        int lineStart = 0;
        int consumed = 0;
        for (int end = pending.indexOf("\r\n"); end >= 0; end = pending.indexOf("\r\n", lineStart)) {
            String line = pending.substring(lineStart, end);
            reply.append(reply.length() == 0 ? "" : "\n").append(line);
            lineStart = end + 2;
            if (line.length() < 4 || line.charAt(3) == ' ') {
                replies.add(reply.toString());
                reply.setLength(0);
                consumed = lineStart;
            }
        }
        pending.delete(0, consumed);
        return replies;
    }

    /** The last line of each reply, for prefix checks. */
    List<String> lastLines() {
        List<String> lines = new ArrayList<>();
        for (String reply : replies()) {
            lines.add(reply.substring(reply.lastIndexOf('\n') + 1));
        }
        return lines;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    int bufferedBytes() {
        return decoder.bufferedBytes();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
