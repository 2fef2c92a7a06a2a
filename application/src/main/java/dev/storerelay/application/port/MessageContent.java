package dev.storerelay.application.port;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes of a message (RFC 5322 header and body, CRLF line ends, not dot-stuffed), readable as often as needed.
 * Implementations may keep them in memory, in a spool file or in the database.
 */
public interface MessageContent {

    /** Size in octets. */
    long size();

    /** A new stream over the whole message; the caller closes it. */
    InputStream open() throws IOException;

    /** Whether the content is held in memory, so it stays readable for as long as it is referenced. */
    default boolean inMemory() {
        return false;
    }

    static MessageContent ofBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new MessageContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public boolean inMemory() {
                return true;
            }
        };
    }
}
