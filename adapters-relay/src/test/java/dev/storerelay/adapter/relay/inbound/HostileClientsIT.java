package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile clients over real sockets, while a well-behaved client on another connection gets its mail through in
 * its normal time. Every attacker also gets the answer the protocol prescribes.
 */
class HostileClientsIT {
    /** A whole transaction of the good client, including connecting; normally a few milliseconds. */
    private static final Duration GOOD_CLIENT_BOUND = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final String MESSAGE = "Subject: hi\r\n\r\nHello\r\n.\r\n";

    private final RecordingRelay relay = new RecordingRelay();
    private final ExecutorService attackers = Executors.newCachedThreadPool();
    private SmtpServer server;

    @AfterEach
    void tearDown() throws InterruptedException {
        attackers.shutdownNow();
        attackers.awaitTermination(10, TimeUnit.SECONDS);
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void attackersGetTheirAnswersWhileAGoodClientIsServedInTime() throws Exception {
        start(limits(IDLE, 100, 100));
        CountDownLatch attacking = new CountDownLatch(6);
        List<Future<?>> attacks = List.of(
                attack(attacking, this::slowLoris),
                attack(attacking, this::megabyteCommandLine),
                attack(attacking, this::dataWithoutRecipients),
                attack(attacking, this::thousandRecipients),
                attack(attacking, this::disconnectMidData),
                attack(attacking, this::pipelinedGarbage));
        assertThat(attacking.await(10, TimeUnit.SECONDS)).as("attackers connected").isTrue();

        for (int round = 0; round < 3; round++) {
            long started = System.nanoTime();
            try (SmtpTestClient good = new SmtpTestClient(server.boundPort())) {
                good.expect("220 ");
                good.send("EHLO good.example\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n")
                        .expectAll("250 ENHANCEDSTATUSCODES", "250 2.1.0", "250 2.1.5", "354 ");
                good.send(MESSAGE + "QUIT\r\n").expectAll("250 2.0.0 Ok: queued", "221 ");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(GOOD_CLIENT_BOUND);
        }
        for (Future<?> attack : attacks) {
            attack.get(30, TimeUnit.SECONDS);                      // rethrows an attacker's failed expectation
        }
        assertThat(relay.commands()).hasSize(3).allSatisfy(c -> assertThat(c.clientName()).isEqualTo("good.example"));
    }

    /** Never finishes a line; one byte at a time must not count as activity. */
    private void slowLoris(SmtpTestClient client, CountDownLatch attacking) throws Exception {
        client.send("EHLO slow\r\n").expect("250 ");
        attacking.countDown();
        client.setReadTimeout((int) IDLE.multipliedBy(4).toMillis());
        long started = System.nanoTime();
        try {
            for (int i = 0; i < 100 && Duration.ofNanos(System.nanoTime() - started).compareTo(IDLE.multipliedBy(3)) < 0; i++) {
                client.send("N");
                TimeUnit.MILLISECONDS.sleep(100);                  // the attack itself: a trickle of bytes
            }
        } catch (IOException closedWhileTrickling) {
            // the server may close before the trickle ends
        }
        client.expect("421 4.4.2");
    }

    private void megabyteCommandLine(SmtpTestClient client, CountDownLatch attacking) throws Exception {
        attacking.countDown();
        client.send("EHLO big\r\nMAIL FROM:<" + "a".repeat(1024 * 1024) + "@example.com>\r\nNOOP\r\n")
                .expectAll("250 ", "500 5.5.2", "250 2.0.0");
    }

    private void dataWithoutRecipients(SmtpTestClient client, CountDownLatch attacking) throws Exception {
        attacking.countDown();
        client.send("DATA\r\nEHLO x\r\nDATA\r\nMAIL FROM:<a@example.com>\r\nDATA\r\n" + MESSAGE)
                .expectAll("503 5.5.1", "250 ", "503 5.5.1", "250 2.1.0", "554 5.5.1", "500 5.5.1", "500 5.5.2", "500 5.5.1", "500 5.5.1");
    }

    private void thousandRecipients(SmtpTestClient client, CountDownLatch attacking) throws Exception {
        attacking.countDown();
        StringBuilder batch = new StringBuilder("EHLO many\r\nMAIL FROM:<a@example.com>\r\n");
        for (int i = 0; i < 1_000; i++) {
            batch.append("RCPT TO:<r").append(i).append("@example.org>\r\n");
        }
        client.send(batch.toString()).expectAll("250 ", "250 2.1.0");
        for (int i = 0; i < 1_000; i++) {
            client.expect(i < 100 ? "250 2.1.5" : "452 4.5.3");
        }
        client.send("RSET\r\nQUIT\r\n").expectAll("250 2.0.0", "221 ");
    }

    private void disconnectMidData(SmtpTestClient client, CountDownLatch attacking) throws Exception {
        attacking.countDown();
        client.send("EHLO gone\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n")
                .expectAll("250 ", "250 2.1.0", "250 2.1.5", "354 ");
        client.send("Subject: half\r\n\r\nthe first half of a mess");
        client.close();
    }

    private void pipelinedGarbage(SmtpTestClient client, CountDownLatch attacking) throws Exception {
        attacking.countDown();
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        garbage[100] = '\n';                                          // at least one bare LF
        client.send("EHLO junk\r\n".getBytes(StandardCharsets.US_ASCII));
        try {
            client.send(garbage);
        } catch (IOException closedWhileSending) {
            // the server closes at the bare LF; it may do so before the rest is written
        }
        List<String> replies = new ArrayList<>();
        for (List<String> reply = client.readReply(); !reply.isEmpty(); reply = client.readReply()) {
            replies.add(reply.get(reply.size() - 1));
        }
        assertThat(replies).first().asString().startsWith("250 ");
        assertThat(replies).last().asString().startsWith("550 5.5.2");
    }

    private interface Attack {
        void run(SmtpTestClient client, CountDownLatch attacking) throws Exception;
    }

    private Future<?> attack(CountDownLatch attacking, Attack attack) {
        return attackers.submit((Callable<Void>) () -> {
            try (SmtpTestClient client = new SmtpTestClient(server.boundPort())) {
                client.expect("220 ");
                attack.run(client, attacking);
            }
            return null;
        });
    }

    @Test
    void thousandOpenConnectionsDoNotStopMailAndOneMoreIsRefusedWith421() throws Exception {
        long maxFiles = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        assumeThat(maxFiles).as("open-file limit (ulimit -n) for 1,000 client plus 1,000 server sockets")
                .isGreaterThanOrEqualTo(2_500);
        int held = 1_000;
        start(limits(Duration.ofMinutes(1), held + 1, held + 1));
        List<SmtpTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < held; i++) {
                SmtpTestClient client = new SmtpTestClient(server.boundPort());
                open.add(client);
                client.expect("220 ");
                if (i % 2 == 0) {
                    client.send("EHLO idle" + i + "\r\nMAIL FROM:<a@example.com>\r\n");     // mid-transaction
                }
            }
            long started = System.nanoTime();
            try (SmtpTestClient good = new SmtpTestClient(server.boundPort())) {
                good.expect("220 ");
                good.send("EHLO good.example\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n"
                        + MESSAGE).expectAll("250 ENHANCEDSTATUSCODES", "250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(GOOD_CLIENT_BOUND);

                try (SmtpTestClient refused = new SmtpTestClient(server.boundPort())) {
                    refused.expect("421 4.3.2 Too many connections");
                    assertThat(refused.isClosedByServer()).isTrue();
                }
            }
            for (int i = 0; i < held; i += 2) {
                open.get(i).expectAll("250 ENHANCEDSTATUSCODES", "250 2.1.0");     // every held session still answers
            }
        } finally {
            for (SmtpTestClient client : open) {
                client.close();
            }
        }
        assertThat(relay.commands()).hasSize(1);
    }

    @Test
    void connectionsBeyondThePerClientLimitAreRefusedWith421() throws Exception {
        start(limits(Duration.ofMinutes(1), 10, 2));
        // One after the other: connections accepted together are counted on different event loops in any order.
        try (SmtpTestClient first = new SmtpTestClient(server.boundPort())) {
            first.expect("220 ");
            try (SmtpTestClient second = new SmtpTestClient(server.boundPort())) {
                second.expect("220 ");
                try (SmtpTestClient third = new SmtpTestClient(server.boundPort())) {
                    third.expect("421 4.3.2 Too many connections from your address");
                    assertThat(third.isClosedByServer()).isTrue();
                }
            }
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {     // the closed ones no longer count
            try (SmtpTestClient again = new SmtpTestClient(server.boundPort())) {
                again.expect("220 ");
            }
        });
    }

    private static ListenerConfig limits(Duration idle, int maxConnections, int maxConnectionsPerClient) {
        return TestListenerConfigs.loopback().maxMessageBytes(100_000).maxRecipients(100).idleTimeout(idle)
                .maxConnections(maxConnections).maxConnectionsPerClient(maxConnectionsPerClient).build();
    }

    private void start(ListenerConfig config) {
        server = TestSmtpServers.listener(config).relay(relay).start();
    }
}
