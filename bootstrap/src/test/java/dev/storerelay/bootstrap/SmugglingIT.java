package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SMTP smuggling end to end (CVE-2023-51764/51765/51766): a message whose data holds a false end-of-data followed
 * by a second envelope. Whatever the variant, the upstream never receives the smuggled recipient.
 */
class SmugglingIT {
    private static final String ADMIN_PASSWORD = "smuggling-admin";
    /** End-of-data look-alikes that some MTAs accept and RFC 5321 does not. */
    private static final List<String> FALSE_ENDS = List.of("\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r\n.\r", "\n.\r",
            "\r.\r\n", "\r.\n", "\n\r.\r\n", "\r\n.\r\r\n", "\r\n\u0000.\r\n", "\n.\n\r\n", "\r\n.\n\r\n");

    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).build();

    private static FakeUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.plain();
        AdminApi api = relay.api();
        api.companyDeliveringTo(upstream.port(), "NONE");
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    /** Sends the whole dialogue in one write, as a smuggling client does, and reads until the relay closes or goes quiet. */
    private static String attempt(int variant, String falseEnd) throws IOException {
        String dialogue = "EHLO attacker.example\r\n"
                + "MAIL FROM:<erp@legacy.local>\r\n"
                + "RCPT TO:<victim" + variant + "@example.com>\r\n"
                + "DATA\r\n"
                + "Subject: innocent\r\n\r\nhello" + falseEnd
                + "MAIL FROM:<smuggled@evil.example>\r\n"
                + "RCPT TO:<smuggled" + variant + "@example.com>\r\n"
                + "DATA\r\n"
                + "Subject: smuggled\r\n\r\nsmuggled body\r\n"
                + ".\r\n"
                + "QUIT\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.smtpPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(dialogue.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream replies = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    replies.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // the relay may keep the session open or reset it; either way the replies so far are what counts
            }
            return replies.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void noFalseEndOfDataLetsASecondEnvelopeThrough() throws Exception {
        for (int i = 0; i < FALSE_ENDS.size(); i++) {
            String replies = attempt(i, FALSE_ENDS.get(i));
            assertThat(replies).as("variant %d %s", i, FALSE_ENDS.get(i).replace("\r", "\\r").replace("\n", "\\n"))
                    .startsWith("220 ")
                    .doesNotContainPattern("(?s)250 2\\.0\\.0 Ok: queued.*250 2\\.0\\.0 Ok: queued");
        }
        // A legitimate message afterwards shows the relay and its workers are healthy and everything queued went out.
        assertThat(relay.client().send(null, "erp@legacy.local", "sentinel@example.com", "sentinel")).startsWith("250");
        await().atMost(Duration.ofSeconds(30)).until(() -> upstream.received().stream().anyMatch(r -> r.recipients().contains("sentinel@example.com")));

        // A look-alike that is not a line end at all (e.g. a NUL before the dot) leaves one message whose text holds
        // the would-be commands; what must never happen is a second envelope.
        assertThat(upstream.received()).allSatisfy(r -> assertThat(r.recipients()).singleElement()
                .satisfies(to -> assertThat(to).matches("victim\\d+@example\\.com|sentinel@example\\.com")));
    }
}
