package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageContent;

import java.io.ByteArrayOutputStream;

/** Keeps the message on the heap; the decoder stops delivering chunks past the size limit, which bounds it. */
final class InMemoryMessageSink implements MessageSink {
    private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void append(byte[] chunk) {
        if (bytes != null) {
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public MessageContent finish() {
        if (bytes == null) {
            throw new IllegalStateException("the message was discarded");
        }
        MessageContent content = MessageContent.ofBytes(bytes.toByteArray());
        bytes = null;
        return content;
    }

    @Override
    public void discard() {
        bytes = null;
    }
}
