package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageContent;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Keeps a message on the heap up to a threshold and spools the rest to an owner-only file, so a
 * session's memory does not grow with the message (STYLE §6). The file is deleted by {@link #discard()}, which
 * the session calls once the message is committed, refused or abandoned.
 */
final class SpoolingMessageSink implements MessageSink {
    static final int DEFAULT_MEMORY_THRESHOLD = 256 * 1024;

    private final int memoryThreshold;
    private final Path directory;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream out;
    private long size;
    private IOException failure;
    private boolean discarded;

    /**
     * @param memoryThreshold octets kept in memory; past them the text goes to a file
     * @param directory       where the text goes past the threshold (a {@link SpoolDirectory})
     */
    SpoolingMessageSink(int memoryThreshold, Path directory) {
        this.memoryThreshold = memoryThreshold;
        this.directory = directory;
    }

    @Override
    public void append(byte[] bytes) {
        if (discarded || failure != null) {
            return;
        }
        size += bytes.length;
        try {
            if (file == null && memory.size() + bytes.length <= memoryThreshold) {
                memory.writeBytes(bytes);
                return;
            }
            if (file == null) {
                spill();
            }
            out.write(bytes);
        } catch (IOException e) {
            failure = e;                                        // reported by finish(): the client gets a 451
        }
    }

    private void spill() throws IOException {
        file = Files.createTempFile(directory, "message-", ".eml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        out = new BufferedOutputStream(Files.newOutputStream(file));
        memory.writeTo(out);
        memory = null;
    }

    @Override
    public MessageContent finish() throws IOException {
        if (discarded) {
            throw new IllegalStateException("the message was discarded");
        }
        if (failure != null) {
            throw new IOException("cannot spool the message: " + failure.getMessage(), failure);
        }
        if (file == null) {
            return MessageContent.ofBytes(memory.toByteArray());
        }
        out.close();
        Path spooled = file;
        long length = size;
        return new MessageContent() {
            @Override
            public long size() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(spooled);
            }
        };
    }

    @Override
    public void discard() {
        discarded = true;
        memory = null;
        if (file != null) {
            try {
                out.close();
            } catch (IOException e) {
                // deleting it below is all that matters
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file holds no state anyone relies on
            }
        }
    }

    /** The spool file, if the message went past the memory threshold; for tests. */
    Path spoolFile() {
        return file;
    }
}
