package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import dev.storerelay.adapter.persistence.PersistenceConfig;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory does not grow with the message: an 80 MiB message passes through a relay whose heap is limited to
 * 64 MiB — spooled to disk by the listener, stored and read back in chunks, streamed upstream.
 */
class LargeMessageIT {
    private static final int LINE = 998;
    private static final int MESSAGE_MIB = 80;

    @TempDir
    Path dir;

    private static String reply(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    @Test
    void aMessageLargerThanTheHeapIsRelayed() throws Exception {
        PersistenceConfig db = EmbeddedTestDatabase.freshDatabase(dir);
        try (FakeUpstream upstream = FakeUpstream.plain();
             RelayProcess relay = RelayProcess.start(db, dir.resolve("data"), dir.resolve("relay.log"),
                     Map.of("STORE_RELAY_MAX_MESSAGE_SIZE", Long.toString(100L * 1024 * 1024)), "64m")) {
            AdminApi api = relay.api();
            api.companyDeliveringTo(upstream.port());

            byte[] line = ("x".repeat(LINE) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int lines = MESSAGE_MIB * 1024 * 1024 / line.length;
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.smtpPort())) {
                socket.setSoTimeout(120_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                assertThat(reply(in)).startsWith("220");
                out.write("EHLO big.legacy.local\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(reply(in)).startsWith("250");
                out.write("MAIL FROM:<erp@legacy.local>\r\nRCPT TO:<big@example.com>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(reply(in)).startsWith("250");
                assertThat(reply(in)).startsWith("250");
                assertThat(reply(in)).startsWith("354");
                out.write("Subject: large\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < lines; i++) {
                    out.write(line);
                }
                out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(reply(in)).startsWith("250 2.0.0");
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            // It was spooled in the data directory, in the process's own directory, and is gone once committed.
            Path spool = dir.resolve("data").resolve("spool");
            try (Stream<Path> processes = Files.list(spool); Stream<Path> files = Files.walk(spool)) {
                assertThat(processes).hasSize(1);
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }

            FakeUpstream.Received received = upstream.awaitMessages(1).get(0);
            assertThat(received.recipients()).containsExactly("big@example.com");
            assertThat(received.data().length).isGreaterThan(lines * line.length);
        }
    }
}
