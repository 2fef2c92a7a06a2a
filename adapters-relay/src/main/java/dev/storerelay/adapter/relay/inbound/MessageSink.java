package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageContent;

import java.io.IOException;

/**
 * Where the text of one message goes while DATA streams in. Behind an interface so that spooling to disk past a
 * threshold (STYLE §6) can replace the in-memory sink without touching the session. Used by one session at a time.
 */
interface MessageSink {

    /** Appends unstuffed message bytes. A sink that fails remembers it and reports it from {@link #finish()}. */
    void append(byte[] bytes);

    /** The whole message, after the end of data. */
    MessageContent finish() throws IOException;

    /** Drops what was received (reset, refusal, disconnect); safe to call more than once. */
    void discard();
}
