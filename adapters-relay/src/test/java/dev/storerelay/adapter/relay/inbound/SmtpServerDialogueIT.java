package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RoutingDecision;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Send/expect dialogues with a real listener on an ephemeral loopback port and a recording relay use case. */
class SmtpServerDialogueIT {
    private static final String SERVER_NAME = "relay.test";
    private static final long MAX_BYTES = 2_000;
    private static final String MESSAGE = "From: Shop <shop@example.com>\r\nSubject: hi\r\n\r\nHello\r\n";

    private final RecordingRelay relay = new RecordingRelay();
    @RegisterExtension
    final OpenListeners open = new OpenListeners();

    @Test
    void fullTransactionIsRelayedAndAcknowledgedWithTheQueueId() throws Exception {
        SmtpTestClient client = connect(config());
        List<String> ehlo = client.send("EHLO legacy.example\r\n").expect("250 ");
        assertThat(ehlo).containsExactly("250-relay.test greets legacy.example", "250-PIPELINING",
                "250-SIZE " + MAX_BYTES, "250-8BITMIME", "250-SMTPUTF8", "250-AUTH PLAIN LOGIN",
                "250 ENHANCEDSTATUSCODES");
        client.send("MAIL FROM:<app@example.com> SIZE=100 BODY=8BITMIME\r\n").expect("250 2.1.0");
        client.send("RCPT TO:<customer@example.org>\r\n").expect("250 2.1.5");
        client.send("DATA\r\n").expect("354 ");
        client.send("Subject: dots\r\n\r\n..leading dot\r\n.\r\n").expect("250 2.0.0 Ok: queued as 1");
        client.send("QUIT\r\n").expect("221 2.0.0");
        assertThat(client.isClosedByServer()).isTrue();

        RelayMessageCommand command = relay.commands().get(0);
        assertThat(command.clientName()).isEqualTo("legacy.example");
        assertThat(command.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(command.authenticatedUnit()).isNull();
        assertThat(command.envelopeSender()).isEqualTo(new EmailAddress("app@example.com"));
        assertThat(command.recipients()).containsExactly(new EmailAddress("customer@example.org"));
        assertThat(RecordingRelay.text(command)).isEqualTo("Subject: dots\r\n\r\n.leading dot\r\n");
    }

    @Test
    void pipelinedBatchesGetEveryReplyInOrder() throws Exception {
        SmtpTestClient client = connect(config());
        client.send("EHLO a\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nRCPT TO:<bad>\r\n"
                + "RCPT TO:<y@example.org>\r\nDATA\r\n");
        client.expectAll("250 ENHANCEDSTATUSCODES", "250 2.1.0", "250 2.1.5", "553 5.1.3", "250 2.1.5", "354 ");
        client.send(MESSAGE + ".\r\nMAIL FROM:<>\r\nRCPT TO:<z@example.org>\r\nDATA\r\n");
        client.expectAll("250 2.0.0 Ok: queued as 1", "250 2.1.0", "250 2.1.5", "354 ");
        client.send(MESSAGE + ".\r\nNOOP\r\nQUIT\r\n");
        client.expectAll("250 2.0.0 Ok: queued as 2", "250 2.0.0", "221 ");

        assertThat(relay.commands()).hasSize(2);
        assertThat(relay.commands().get(0).recipients()).extracting(EmailAddress::value)
                .containsExactly("x@example.org", "y@example.org");
        assertThat(relay.commands().get(1).recipients()).extracting(EmailAddress::value).containsExactly("z@example.org");
    }

    @Test
    void rsetDropsTheTransactionButKeepsTheGreeting() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nRSET\r\nDATA\r\n");
        client.expectAll("250 2.1.0", "250 2.1.5", "250 2.0.0", "503 5.5.1");
        client.send("MAIL FROM:<other@example.com>\r\nRCPT TO:<y@example.org>\r\nDATA\r\n" + MESSAGE + ".\r\n");
        client.expectAll("250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0 Ok: queued as 1");
        assertThat(relay.commands()).singleElement().satisfies(command -> {
            assertThat(command.envelopeSender().value()).isEqualTo("other@example.com");
            assertThat(command.recipients()).extracting(EmailAddress::value).containsExactly("y@example.org");
        });
    }

    @Test
    void commandsOutOfSequenceAre503() throws Exception {
        SmtpTestClient client = connect(config());
        client.send("MAIL FROM:<app@example.com>\r\n").expect("503 5.5.1");
        client.send("HELO a\r\nRCPT TO:<x@example.org>\r\nDATA\r\n").expectAll("250 relay.test", "503 5.5.1", "503 5.5.1");
        client.send("MAIL FROM:<app@example.com>\r\nMAIL FROM:<app@example.com>\r\nDATA\r\n")
                .expectAll("250 2.1.0", "503 5.5.1", "554 5.5.1");
        assertThat(relay.commands()).isEmpty();
    }

    @Test
    void unknownAndInformationalCommands() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("FROB x\r\nHELP\r\nVRFY someone\r\nNOOP\r\nEXPN list\r\n\r\n")
                .expectAll("500 5.5.1", "214 2.0.0", "252 2.5.0", "250 2.0.0", "500 5.5.1", "500 5.5.2");
    }

    @Test
    void invalidAddressesAndParametersAreRefused() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<not an address>\r\nMAIL FROM:app@example.com\r\nMAIL FROM:<app@example.com> FOO=1\r\n"
                + "MAIL FROM:<app@example.com> BODY=BINARYMIME\r\nMAIL FROM:<app@example.com>\r\n"
                + "RCPT TO:<nobody>\r\nRCPT TO:<a@b@example.org>\r\nRCPT TO:<x@example.org> NOTIFY=NEVER\r\n")
                .expectAll("553 5.1.7", "501 5.5.4", "555 5.5.4", "501 5.5.4", "250 2.1.0",
                        "553 5.1.3", "553 5.1.3", "555 5.5.4");
    }

    @Test
    void smtpUtf8AllowsInternationalizedAddressesAndWithoutItTheyAre553And567() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<jörg@bäckerei.example>\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<kunde@bäckerei.example>\r\n"
                + "RSET\r\n")
                .expectAll("553 5.6.7 Non-ASCII addresses not permitted for that sender", "250 2.1.0",
                        "553 5.6.7 Non-ASCII addresses not permitted for that recipient", "250 2.0.0");
        client.send("MAIL FROM:<jörg@bäckerei.example> SMTPUTF8 BODY=8BITMIME\r\nRCPT TO:<kunde@bäckerei.example>\r\n"
                + "RCPT TO:<δοκιμή@παράδειγμα.δοκιμή>\r\nDATA\r\nTo: kunde@bäckerei.example\r\nSubject: Grüße\r\n\r\nHallo\r\n.\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "250 2.1.5", "354 ", "250 2.0.0 Ok: queued as 1");
        RelayMessageCommand command = relay.commands().get(0);
        assertThat(command.envelopeSender()).isEqualTo(new EmailAddress("jörg@bäckerei.example"));
        assertThat(command.recipients()).extracting(EmailAddress::value)
                .containsExactly("kunde@bäckerei.example", "δοκιμή@παράδειγμα.δοκιμή");
        assertThat(RecordingRelay.text(command)).isEqualTo("To: kunde@bäckerei.example\r\nSubject: Grüße\r\n\r\nHallo\r\n");
    }

    @Test
    void recipientsBeyondTheLimitAreDeferred() throws Exception {
        SmtpTestClient client = greeted(config(2, MAX_BYTES, Duration.ofSeconds(30), 10));
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n"
                + "RCPT TO:<c@example.org>\r\nDATA\r\n" + MESSAGE + ".\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "250 2.1.5", "452 4.5.3", "354 ", "250 2.0.0");
        assertThat(relay.commands().get(0).recipients()).hasSize(2);
    }

    @Test
    void sizeLimitIsEnforcedUpFrontAndWhileReceiving() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<app@example.com> SIZE=" + (MAX_BYTES + 1) + "\r\n").expect("552 5.3.4");
        String big = ("x".repeat(98) + "\r\n").repeat(21);
        client.send("MAIL FROM:<app@example.com> SIZE=" + MAX_BYTES + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "354 ");
        client.send(big + ".\r\nNOOP\r\n").expectAll("552 5.3.4", "250 2.0.0");
        client.send("DATA\r\n").expect("503 5.5.1");                        // the transaction is gone
        assertThat(relay.commands()).isEmpty();
    }

    @Test
    void nullReversePathReachesTheUseCaseAsNoSender() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n" + MESSAGE + ".\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0");
        assertThat(relay.commands().get(0).envelopeSender()).isNull();
    }

    @Test
    void storeHeaderAndFromDisplayNameArePassedInTheCommand() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                + "X-Store-Id: S7\r\nFrom: =?UTF-8?Q?B=C3=A4ckerei?=\r\n <shop@example.com>\r\nx-store-id: S8\r\n"
                + "\r\nX-Store-Id: not-a-header\r\n.\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0");
        RelayMessageCommand command = relay.commands().get(0);
        assertThat(command.storeHeaderValues()).containsExactly("S7", "S8");
        assertThat(command.fromDisplayName()).isEqualTo("Bäckerei");
    }

    @Test
    void refusalIsAnsweredWithItsCodeAndTheTransactionEnds() throws Exception {
        relay.answerWith(command -> new RelayResult.Refused(RoutingDecision.Refusal.UNKNOWN_STORE, "Unknown store 'X9'"));
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n" + MESSAGE + ".\r\nDATA\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "354 ", "550 5.1.0 Unknown store 'X9'", "503 5.5.1");
    }

    @Test
    void failureOfTheUseCaseIsATemporaryErrorAndTheSessionGoesOn() throws Exception {
        relay.answerWith(command -> {
            throw new IllegalStateException("database down (expected by the test)");
        });
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n" + MESSAGE + ".\r\nNOOP\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "354 ", "451 4.3.0 Requested action aborted: local error in processing",
                        "250 2.0.0");
    }

    @Test
    void okIsSentOnlyAfterTheUseCaseReturned() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        relay.answerWith(command -> {
            entered.countDown();
            awaitQuietly(commit);
            return new RelayResult.Accepted(new MessageId(42), UnitId.of("S1"));
        });
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "354 ");
        client.send(MESSAGE + ".\r\nNOOP\r\n");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        client.setReadTimeout(300);
        assertThatThrownBy(client::readReply).isInstanceOf(SocketTimeoutException.class);
        commit.countDown();
        client.setReadTimeout(SmtpTestClient.READ_TIMEOUT_MILLIS);
        client.expectAll("250 2.0.0 Ok: queued as 42", "250 2.0.0");
    }

    @Test
    void slowRelayCallIsNotMistakenForAnIdleClient() throws Exception {
        CountDownLatch commit = new CountDownLatch(1);
        relay.answerWith(command -> {
            awaitQuietly(commit);
            return new RelayResult.Accepted(new MessageId(7), UnitId.of("S1"));
        });
        SmtpTestClient client = greeted(config(10, MAX_BYTES, Duration.ofMillis(200), 10));
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n" + MESSAGE + ".\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "354 ");
        client.setReadTimeout(700);                                       // over three idle periods
        assertThatThrownBy(client::readReply).isInstanceOf(SocketTimeoutException.class);
        commit.countDown();
        client.setReadTimeout(SmtpTestClient.READ_TIMEOUT_MILLIS);
        client.expect("250 2.0.0 Ok: queued as 7");
        client.expect("421 4.4.2");                                       // idle again once answered
    }

    @Test
    void stopLetsARunningRelayCallAnswerBeforeClosing() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        relay.answerWith(command -> {
            entered.countDown();
            awaitQuietly(commit);
            return new RelayResult.Accepted(new MessageId(9), UnitId.of("S1"));
        });
        SmtpServer server = start(config());
        SmtpTestClient client = open(server);
        client.expect("220 ");
        client.send("EHLO a\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n")
                .expectAll("250 ENHANCEDSTATUSCODES", "250 2.1.0", "250 2.1.5", "354 ");
        client.send(MESSAGE + ".\r\n");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        Thread stopper = new Thread(server::stop);
        stopper.start();
        commit.countDown();
        client.expect("250 2.0.0 Ok: queued as 9");
        assertThat(client.isClosedByServer()).isTrue();
        stopper.join(10_000);
        assertThat(stopper.isAlive()).isFalse();
    }

    @Test
    void mailParametersNeedEhlo() throws Exception {
        SmtpTestClient client = connect(config());
        client.send("HELO legacy\r\nMAIL FROM:<app@example.com> SIZE=10\r\nMAIL FROM:<app@example.com>\r\n")
                .expectAll("250 relay.test", "555 5.5.4", "250 2.1.0");
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWith421() throws Exception {
        ListenerConfig config = config(10, MAX_BYTES, Duration.ofSeconds(30), 1);
        SmtpServer server = start(config);
        SmtpTestClient first = open(server);
        first.expect("220 relay.test ESMTP store-relay");
        SmtpTestClient second = open(server);
        second.expect("421 4.3.2");
        assertThat(second.isClosedByServer()).isTrue();

        first.send("QUIT\r\n").expect("221 ");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (SmtpTestClient again = new SmtpTestClient(server.boundPort())) {
                again.expect("220 ");
            }
        });
    }

    @Test
    void idleClientIsDisconnectedWith421() throws Exception {
        SmtpTestClient client = connect(config(10, MAX_BYTES, Duration.ofMillis(300), 10));
        client.expect("421 4.4.2");
        assertThat(client.isClosedByServer()).isTrue();
    }

    @Test
    void bareLineFeedClosesTheConnection() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n")
                .expectAll("250 2.1.0", "250 2.1.5", "354 ");
        client.send("Subject: x\r\n\r\nbody\n.\r\nMAIL FROM:<evil@example.com>\r\n.\r\n").expect("550 5.5.2");
        assertThat(client.isClosedByServer()).isTrue();
        assertThat(relay.commands()).isEmpty();
    }

    @Test
    void noFalseEndOfDataSmugglesASecondMessage() throws Exception {
        SmtpServer server = start(config());
        for (String falseEnd : SmtpServerDecoderTest.falseEndsOfData()) {
            int before = relay.commands().size();
            SmtpTestClient client = open(server);
            client.expect("220 ");
            client.send("EHLO a\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n")
                    .expectAll("250 ENHANCEDSTATUSCODES", "250 2.1.0", "250 2.1.5", "354 ");
            client.send("Subject: x\r\n\r\nbody" + falseEnd + "MAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.org>\r\n"
                    + "DATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\nQUIT\r\n");
            List<String> replies = new ArrayList<>();
            for (List<String> reply = client.readReply(); !reply.isEmpty(); reply = client.readReply()) {
                replies.add(reply.get(reply.size() - 1).substring(0, 3));
            }
            assertThat(replies).as("replies for %s", printable(falseEnd)).isIn(
                    List.of("550"), List.of("250", "221"), List.of("250", "550"));
            assertThat(relay.commands().size() - before).as("messages for %s", printable(falseEnd)).isLessThanOrEqualTo(1);
        }
        assertThat(relay.commands()).allSatisfy(command -> {
            assertThat(command.envelopeSender().value()).isEqualTo("app@example.com");
            assertThat(command.recipients()).extracting(EmailAddress::value).containsExactly("a@example.org");
        });
    }

    private static String printable(String text) {
        return text.replace("\r", "<CR>").replace("\n", "<LF>").replace("\u0000", "<NUL>");
    }

    @Test
    void tooLongCommandLineIsRefusedAndTheSessionGoesOn() throws Exception {
        SmtpTestClient client = greeted(config());
        client.send("NOOP " + "x".repeat(600) + "\r\nNOOP\r\n").expectAll("500 5.5.2", "250 2.0.0");
    }

    @Test
    void stopClosesOpenConnections() throws Exception {
        SmtpServer server = start(config());
        SmtpTestClient client = open(server);
        client.expect("220 ");
        server.stop();
        assertThat(client.isClosedByServer()).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("released by the test").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ListenerConfig config() {
        return config(10, MAX_BYTES, Duration.ofSeconds(30), 10);
    }

    private static ListenerConfig config(int maxRecipients, long maxBytes, Duration idle, int maxConnections) {
        return TestListenerConfigs.loopback().serverName(SERVER_NAME).maxMessageBytes(maxBytes)
                .maxRecipients(maxRecipients).idleTimeout(idle).maxConnections(maxConnections).build();
    }

    private SmtpServer start(ListenerConfig config) {
        return open.start(TestSmtpServers.listener(config).relay(relay));
    }

    private SmtpTestClient open(SmtpServer server) throws IOException {
        return open.client(server);
    }

    /** Connected, greeting read. */
    private SmtpTestClient connect(ListenerConfig config) throws IOException {
        SmtpTestClient client = open(start(config));
        client.expect("220 relay.test ESMTP store-relay");
        return client;
    }

    /** Connected and past EHLO. */
    private SmtpTestClient greeted(ListenerConfig config) throws IOException {
        SmtpTestClient client = connect(config);
        client.send("EHLO legacy.example\r\n").expect("250 ENHANCEDSTATUSCODES");
        return client;
    }
}
