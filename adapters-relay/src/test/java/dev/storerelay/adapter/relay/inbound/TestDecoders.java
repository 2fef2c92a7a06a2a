package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;

/** Decoders with the line limits every server must accept (RFC 5321 §4.5.3.1.4/.6), the listener's defaults. */
final class TestDecoders {
    /** A command line including its CRLF. */
    static final int MAX_COMMAND_LINE = ListenerConfig.MIN_COMMAND_LINE_OCTETS;
    /** A line of message text including its CRLF. */
    static final int MAX_TEXT_LINE = ListenerConfig.MIN_TEXT_LINE_OCTETS;

    private TestDecoders() {
    }

    static SmtpServerDecoder decoder(long maxMessageBytes) {
        return new SmtpServerDecoder(maxMessageBytes, MAX_COMMAND_LINE, MAX_TEXT_LINE);
    }
}
