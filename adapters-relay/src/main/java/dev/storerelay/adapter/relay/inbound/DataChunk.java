package dev.storerelay.adapter.relay.inbound;

import java.util.Objects;

/**
 * A run of message lines as received in DATA, dot-stuffing undone, every line still ending in CRLF.
 * A plain array rather than a {@code ByteBuf}: the chunk crosses to the session executor, and an array cannot leak.
 */
record DataChunk(byte[] bytes) {
    DataChunk {
        Objects.requireNonNull(bytes, "bytes");
    }
}
