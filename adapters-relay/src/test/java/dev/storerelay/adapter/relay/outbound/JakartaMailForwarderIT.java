package dev.storerelay.adapter.relay.outbound;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.FakeUpstream.StartTls;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.DataEndGate;
import dev.storerelay.application.port.out.ForwardMessagePort.ForwardResult;
import dev.storerelay.application.port.out.ForwardMessagePort.RecipientReply;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RewrittenSender;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.UpstreamLogin;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UpstreamReply;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forwarder against real SMTP servers on loopback, in every secure socket mode. Upstream certificates are
 * trusted through the operator trust store, never by turning verification off.
 */
class JakartaMailForwarderIT {
    private static final EmailAddress STORE = new EmailAddress("store-a@shop.example");
    private static final EmailAddress CUSTOMER = new EmailAddress("customer@example.com");
    private static final EmailAddress KUNDE = new EmailAddress("kunde@bäckerei.example");
    private static final ServerAddress LOCALHOST = new ServerAddress("localhost");
    private static final String MESSAGE = "From: \"Shop A\" <erp@legacy.local>\r\nTo: customer@example.com\r\n"
            + "X-Store-Id: store-a\r\nSubject: Your order\r\n\r\nThank you.\r\n";

    private static GreenMail smtps;
    private static JakartaMailForwarder forwarder;

    @BeforeAll
    static void startUpstreams() {
        smtps = GreenMailSmtps.withUser("shop-a", "s3cret-pass");
        forwarder = Forwarders.forwarder(new UpstreamConfig("relay.test", Duration.ofSeconds(5), Duration.ofSeconds(10),
                TestCertificates.localhost().trust()));
    }

    @AfterAll
    static void stopUpstreams() {
        smtps.stop();
    }

    private static OutgoingMessage message(int port, TlsBehaviour tls, UpstreamLogin login, EmailAddress... recipients) {
        return new OutgoingMessage("42", new ConnectionPlan(LOCALHOST, port, tls, login),
                new RewrittenSender(STORE, STORE, "Shop A"), List.of(recipients),
                MessageContent.ofBytes(MESSAGE.getBytes(StandardCharsets.UTF_8)),
                "from erp (127.0.0.1) by relay.test (store-relay) with ESMTP id 42; Tue, 24 Nov 2026 04:00:00 +0000",
                List.of("X-Store-Id"), null, DataEndGate.OPEN);
    }

    private static UpstreamReply onlyReply(ForwardResult result) {
        assertThat(result.replies()).hasSize(1);
        return result.replies().get(0).reply();
    }

    @Test
    void plainDeliveryRewritesEnvelopeAndFromAndRemovesTheStoreHeader() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN, null, CUSTOMER)));

            assertThat(reply.code()).isEqualTo(250);
            assertThat(reply.text()).as("the code is not repeated in the text").doesNotStartWith("250");
            FakeUpstream.Received received = upstream.awaitMessages(1).get(0);
            assertThat(received.envelopeFrom()).isEqualTo("store-a@shop.example");
            assertThat(received.recipients()).containsExactly("customer@example.com");
            assertThat(received.tls()).isFalse();
            assertThat(received.text()).contains("From: Shop A <store-a@shop.example>")
                    .contains("Received: from erp (127.0.0.1) by relay.test")
                    .doesNotContainIgnoringCase("X-Store-Id")
                    .doesNotContain("erp@legacy.local");
        }
    }

    private static OutgoingMessage withDataEnd(OutgoingMessage m, DataEndGate gate) {
        return new OutgoingMessage(m.queueId(), m.plan(), m.sender(), m.recipients(), m.content(), m.receivedHeader(),
                m.removeHeaders(), m.quota(), gate);
    }

    @Test
    void theDataEndsOnlyWhenTheGateSaysSoAndAnAbandonedMessageNeverArrives() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            List<Integer> receivedAtGate = new CopyOnWriteArrayList<>();
            OutgoingMessage plain = message(upstream.port(), TlsBehaviour.PLAIN, null, CUSTOMER);

            UpstreamReply abandoned = onlyReply(forwarder.forward(withDataEnd(plain, () -> {
                receivedAtGate.add(upstream.received().size());
                return false;
            })));
            UpstreamReply sent = onlyReply(forwarder.forward(withDataEnd(plain, () -> {
                receivedAtGate.add(upstream.received().size());
                return true;
            })));

            assertThat(abandoned.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(abandoned.text()).contains("abandoned before the end of its data");
            assertThat(sent.code()).isEqualTo(250);
            assertThat(receivedAtGate).as("asked with the content written, before the upstream took anything")
                    .containsExactly(0, 0);
            assertThat(upstream.awaitMessages(1)).hasSize(1);
            assertThat(upstream.received()).as("the abandoned message never arrived").hasSize(1);
            assertThat(upstream.connections()).as("the abandoned transaction's connection was closed, not reused")
                    .isEqualTo(2);
        }
    }

    @Test
    void implicitTlsWithLoginReachesGreenMailSmtps() throws Exception {
        int port = smtps.getSmtps().getPort();
        UpstreamReply reply = onlyReply(forwarder.forward(message(port, TlsBehaviour.IMPLICIT_TLS,
                new UpstreamLogin.Password("shop-a", new Secret("s3cret-pass")), CUSTOMER)));

        assertThat(reply.code()).as(reply.text()).isEqualTo(250);
        assertThat(smtps.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage received = smtps.getReceivedMessages()[0];
        assertThat(received.getHeader("Return-Path")[0]).contains("store-a@shop.example");
        assertThat(received.getFrom()[0].toString()).isEqualTo("Shop A <store-a@shop.example>");
    }

    @Test
    void aRefusedLoginIsRetriedNotBounced() {
        UpstreamReply reply = onlyReply(forwarder.forward(message(smtps.getSmtps().getPort(), TlsBehaviour.IMPLICIT_TLS,
                new UpstreamLogin.Password("shop-a", new Secret("wrong")), CUSTOMER)));

        assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
        assertThat(reply.text()).contains("refused the login").doesNotContain("wrong");
    }

    @Test
    void startTlsRequiredUpgradesAndAuthenticates() {
        try (FakeUpstream upstream = FakeUpstream.withStartTlsAndAuth(StartTls.REQUIRED, TestCertificates.localhost(), "store-c", "pw-c")) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED,
                    new UpstreamLogin.Password("store-c", new Secret("pw-c")), CUSTOMER)));

            assertThat(reply.code()).as(reply.text()).isEqualTo(250);
            FakeUpstream.Received received = upstream.awaitMessages(1).get(0);
            assertThat(received.tls()).isTrue();
            assertThat(received.login()).isEqualTo("store-c");
        }
    }

    @Test
    void startTlsRequiredFailsWhenTheServerDoesNotOfferIt() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, null, CUSTOMER)));

            assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(reply.text()).contains("STARTTLS");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void startTlsWhenAvailableContinuesInPlainTextWithoutIt() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_WHEN_AVAILABLE, null, CUSTOMER)));

            assertThat(reply.code()).isEqualTo(250);
            assertThat(upstream.awaitMessages(1).get(0).tls()).isFalse();
        }
    }

    @Test
    void startTlsWhenAvailableUpgradesWhenOffered() {
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.localhost())) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_WHEN_AVAILABLE, null, CUSTOMER)));

            assertThat(reply.code()).isEqualTo(250);
            assertThat(upstream.awaitMessages(1).get(0).tls()).isTrue();
        }
    }

    @Test
    void noneNeverSendsStartTlsEvenWhenOffered() {
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.localhost())) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN, null, CUSTOMER)));

            assertThat(reply.code()).isEqualTo(250);
            assertThat(upstream.awaitMessages(1).get(0).tls()).isFalse();
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        // The relay's trust store holds only the localhost certificate, so this one has no trusted chain.
        JakartaMailForwarder withoutTrustStore = Forwarders.forwarder(
                new UpstreamConfig("relay.test", Duration.ofSeconds(5), Duration.ofSeconds(10), TestCertificates.jdkTrust()));
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.localhost())) {
            UpstreamReply reply = onlyReply(withoutTrustStore.forward(message(upstream.port(), TlsBehaviour.STARTTLS_WHEN_AVAILABLE, null, CUSTOMER)));

            assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(reply.text()).containsIgnoringCase("certification path");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() {
        JakartaMailForwarder trustingOtherHost = Forwarders.forwarder(new UpstreamConfig("relay.test", Duration.ofSeconds(5),
                Duration.ofSeconds(10), TestCertificates.otherHost().trust()));
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.otherHost())) {
            UpstreamReply reply = onlyReply(trustingOtherHost.forward(message(upstream.port(), TlsBehaviour.STARTTLS_WHEN_AVAILABLE, null, CUSTOMER)));

            assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(reply.text()).containsIgnoringCase("localhost");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void aLoginWithoutAuthOnTheServerFailsInsteadOfSendingUnauthenticated() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN,
                    new UpstreamLogin.Password("store-a", new Secret("pw")), CUSTOMER)));

            assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(reply.text()).contains("offers no AUTH");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void eachRecipientGetsItsOwnReply() {
        EmailAddress refused = new EmailAddress("reject-me@example.com");
        EmailAddress deferred = new EmailAddress("defer-me@example.com");
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            List<RecipientReply> replies = forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN, null,
                    CUSTOMER, refused, deferred)).replies();

            assertThat(replies).extracting(r -> r.recipient().value())
                    .containsExactly("customer@example.com", "reject-me@example.com", "defer-me@example.com");
            assertThat(replies).extracting(r -> r.reply().code()).containsExactly(250, 550, 451);
            assertThat(replies.get(1).reply().text()).contains("no such user");
            assertThat(upstream.awaitMessages(1).get(0).recipients()).containsExactly("customer@example.com");
        }
    }

    @Test
    void anInternationalizedRecipientReachesAnUpstreamThatOffersSmtpUtf8() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {                 // SubEthaSMTP offers SMTPUTF8
            List<RecipientReply> replies = forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN, null,
                    KUNDE, CUSTOMER)).replies();

            assertThat(replies).extracting(r -> r.reply().code()).containsExactly(250, 250);
            FakeUpstream.Received received = upstream.awaitMessages(1).get(0);
            assertThat(received.recipients()).containsExactly("kunde@bäckerei.example", "customer@example.com");
            assertThat(received.envelopeFrom()).isEqualTo("store-a@shop.example");
        }
    }

    @Test
    void onTheWireAnInternationalizedAddressIsUtf8AfterMailFromWithSmtpUtf8() throws Exception {
        try (SmtpProbeScriptedServer upstream = new SmtpProbeScriptedServer("220 upstream.test ESMTP\r\n", upstream(true))) {
            List<RecipientReply> replies = forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN, null,
                    KUNDE)).replies();

            assertThat(replies).extracting(r -> r.reply().code()).containsExactly(250);
            assertThat(upstream.received()).contains("MAIL FROM:<store-a@shop.example> SMTPUTF8",
                    "RCPT TO:<kunde@bäckerei.example>");
        }
    }

    @Test
    void anAsciiMessageDoesNotDeclareSmtpUtf8EvenWhereItIsOffered() throws Exception {
        try (SmtpProbeScriptedServer upstream = new SmtpProbeScriptedServer("220 upstream.test ESMTP\r\n", upstream(true))) {
            assertThat(onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN, null, CUSTOMER))).code())
                    .isEqualTo(250);
            assertThat(upstream.received()).contains("MAIL FROM:<store-a@shop.example>", "RCPT TO:<customer@example.com>");
        }
    }

    @Test
    void withoutSmtpUtf8AtTheUpstreamAnInternationalizedRecipientFailsForGoodAndTheOthersAreSent() throws Exception {
        try (SmtpProbeScriptedServer upstream = new SmtpProbeScriptedServer("220 upstream.test ESMTP\r\n", upstream(false))) {
            List<RecipientReply> replies = forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN, null,
                    KUNDE, CUSTOMER)).replies();

            assertThat(replies).extracting(r -> r.recipient().value())
                    .containsExactly("kunde@bäckerei.example", "customer@example.com");
            UpstreamReply refused = replies.get(0).reply();
            assertThat(refused.code()).isEqualTo(553);
            assertThat(refused.isPermanentFailure()).isTrue();
            assertThat(refused.text()).isEqualTo("5.6.7 Non-ASCII addresses not permitted for that recipient: not sent, "
                    + "localhost:" + upstream.port() + " does not offer SMTPUTF8 (RFC 6531)");
            assertThat(replies.get(1).reply().code()).isEqualTo(250);
            assertThat(upstream.received()).as("nothing but ASCII went to the server")
                    .allSatisfy(line -> assertThat(line).matches("[\\x20-\\x7e]*"))
                    .contains("MAIL FROM:<store-a@shop.example>", "RCPT TO:<customer@example.com>")
                    .noneMatch(line -> line.startsWith("RCPT TO:<kunde"));
        }
    }

    @Test
    void withoutSmtpUtf8AtTheUpstreamAMessageOnlyForInternationalizedRecipientsIsNotSentAtAll() throws Exception {
        ServerSetup setup = ServerSetupTest.SMTP.dynamicPort();
        GreenMail plain = new GreenMail(setup);                              // GreenMail offers no SMTPUTF8
        plain.start();
        try {
            List<RecipientReply> replies = forwarder.forward(message(plain.getSmtp().getPort(), TlsBehaviour.PLAIN, null,
                    KUNDE, new EmailAddress("用户@例子.广告"))).replies();

            assertThat(replies).extracting(r -> r.reply().code()).containsExactly(553, 553);
            assertThat(replies).allSatisfy(r -> assertThat(r.reply().text()).startsWith("5.6.7 ")
                    .contains("does not offer SMTPUTF8"));
            assertThat(plain.getReceivedMessages()).isEmpty();

            UpstreamReply ascii = onlyReply(forwarder.forward(message(plain.getSmtp().getPort(), TlsBehaviour.PLAIN, null,
                    CUSTOMER)));
            assertThat(ascii.code()).as("the connection is still good for ASCII mail").isEqualTo(250);
            assertThat(plain.waitForIncomingEmail(5_000, 1)).isTrue();
        } finally {
            plain.stop();
        }
    }

    /** An upstream that accepts everything, offering SMTPUTF8 or not; it records every line it reads as UTF-8. */
    private static Function<String, String> upstream(boolean offerSmtpUtf8) {
        boolean[] inData = {false};
        return line -> {
            if (inData[0]) {
                inData[0] = !line.equals(".");
                return inData[0] ? "" : "250 2.0.0 Ok: queued\r\n";
            }
            String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
            if (verb.equals("EHLO")) {
                return "250-upstream.test\r\n" + (offerSmtpUtf8 ? "250-SMTPUTF8\r\n" : "") + "250 8BITMIME\r\n";
            }
            if (verb.equals("DATA")) {
                inData[0] = true;
                return "354 go ahead\r\n";
            }
            return "250 2.0.0 Ok\r\n";
        };
    }

    @Test
    void anUnreachableServerIsATemporaryFailure() {
        int closedPort;
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            closedPort = upstream.port();
        }
        UpstreamReply reply = onlyReply(forwarder.forward(message(closedPort, TlsBehaviour.PLAIN, null, CUSTOMER)));

        assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
        assertThat(reply.text()).containsIgnoringCase("connect");
    }

    @Test
    void anUpstreamThatStopsReadingInTheMiddleOfAMessageFailsTheAttemptAfterTheTimeout() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread upstream = new Thread(() -> stopReadingAfterData(server), "silent-upstream");
            upstream.setDaemon(true);
            upstream.start();
            JakartaMailForwarder impatient = Forwarders.forwarder(new UpstreamConfig("relay.test", Duration.ofSeconds(5),
                    Duration.ofSeconds(1), TestCertificates.localhost().trust()));
            byte[] large = (MESSAGE + "x".repeat(998) + "\r\n").repeat(32 * 1024).getBytes(StandardCharsets.UTF_8);
            OutgoingMessage message = new OutgoingMessage("43", new ConnectionPlan(LOCALHOST, server.getLocalPort(),
                    TlsBehaviour.PLAIN, null), new RewrittenSender(STORE, STORE, "Shop A"), List.of(CUSTOMER),
                    MessageContent.ofBytes(large), "from erp by relay.test", List.of("X-Store-Id"), null, DataEndGate.OPEN);
            try {
                // Fails rather than hangs if the write never times out.
                UpstreamReply reply = onlyReply(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                        Duration.ofSeconds(15), () -> impatient.forward(message)));

                assertThat(reply.code()).as("a temporary failure, retried later").isEqualTo(UpstreamReply.NO_REPLY);
            } finally {
                impatient.close();
            }
        }
    }

    /** Greets, accepts the envelope and DATA, then never reads again, so the relay's writes block. */
    private static void stopReadingAfterData(java.net.ServerSocket server) {
        try (java.net.Socket client = server.accept()) {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            var out = client.getOutputStream();
            out.write("220 silent ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.toUpperCase(java.util.Locale.ROOT);
                String reply = command.startsWith("EHLO") ? "250 silent" : command.startsWith("DATA") ? "354 go ahead" : "250 OK";
                out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                if (command.startsWith("DATA")) {
                    Thread.sleep(Long.MAX_VALUE);                // holds the connection open and reads nothing
                }
            }
        } catch (java.io.IOException | InterruptedException e) {
            // the relay gave up and closed; that is the point
        }
    }
}
