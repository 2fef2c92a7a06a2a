package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolingMessageSinkTest {
    @TempDir
    Path spool;

    private static byte[] chunk(int size, char fill) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    private static byte[] read(MessageContent content) throws IOException {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSmallMessageStaysInMemory() throws IOException {
        SpoolingMessageSink sink = new SpoolingMessageSink(1024, spool);
        sink.append(chunk(500, 'a'));
        sink.append(chunk(524, 'b'));

        MessageContent content = sink.finish();

        assertThat(sink.spoolFile()).isNull();
        assertThat(content.size()).isEqualTo(1024);
        assertThat(read(content)).startsWith(chunk(500, 'a')).endsWith(chunk(524, 'b'));
    }

    @Test
    void aLargeMessageGoesToAnOwnerOnlyFileThatDiscardDeletes() throws IOException {
        SpoolingMessageSink sink = new SpoolingMessageSink(1024, spool);
        sink.append(chunk(1000, 'a'));
        for (int i = 0; i < 100; i++) {
            sink.append(chunk(1000, (char) ('b' + i % 20)));
        }

        MessageContent content = sink.finish();

        assertThat(sink.spoolFile()).exists().hasParent(spool);
        assertThat(Files.getPosixFilePermissions(sink.spoolFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(content.size()).isEqualTo(101_000);
        byte[] bytes = read(content);
        assertThat(bytes).hasSize(101_000);
        assertThat(Arrays.copyOfRange(bytes, 0, 1000)).isEqualTo(chunk(1000, 'a'));
        assertThat(Arrays.copyOfRange(bytes, 100_000, 101_000)).isEqualTo(chunk(1000, (char) ('b' + 99 % 20)));
        assertThat(read(content)).as("readable more than once").isEqualTo(bytes);

        sink.discard();
        assertThat(sink.spoolFile()).doesNotExist();
    }

    @Test
    void aDiscardedSinkIgnoresFurtherBytesAndCannotFinish() {
        SpoolingMessageSink sink = new SpoolingMessageSink(10, spool);
        sink.append(chunk(100, 'a'));
        sink.discard();
        sink.append(chunk(100, 'b'));
        sink.discard();

        assertThat(sink.spoolFile()).doesNotExist();
        assertThatThrownBy(sink::finish).isInstanceOf(IllegalStateException.class);
    }
}
