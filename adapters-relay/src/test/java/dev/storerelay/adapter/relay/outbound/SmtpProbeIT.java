package dev.storerelay.adapter.relay.outbound;

import com.icegreen.greenmail.util.GreenMail;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.FakeUpstream.StartTls;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import dev.storerelay.application.port.out.SmtpProbePort.TestMail;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.UpstreamLogin;
import dev.storerelay.domain.model.TlsBehaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection test against real SMTP servers on loopback, in the secure socket modes of README, *Pointing a legacy
 * system at it*. Upstream certificates are trusted through the operator trust store, as for delivery, never by turning
 * verification off.
 */
class SmtpProbeIT {
    private static final ServerAddress LOCALHOST = new ServerAddress("localhost");
    private static final EmailAddress STORE = new EmailAddress("store-a@shop.example");
    private static final EmailAddress ADMIN = new EmailAddress("admin@example.com");
    private static final TestMail TEST_MAIL = new TestMail(STORE, ADMIN);
    private static final String USER = "store-c";
    private static final String PASSWORD = "Corr3ct-Horse-Battery";
    private static final String WRONG_PASSWORD = "Wr0ng-Staple-Guess";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T04:00:00Z"), ZoneOffset.UTC);

    private static GreenMail smtps;
    private static SmtpProbe probe;

    @BeforeAll
    static void start() {
        smtps = GreenMailSmtps.withUser(USER, PASSWORD);
        probe = probeTrusting(TestCertificates.localhost());
    }

    @AfterAll
    static void stop() {
        smtps.stop();
    }

    private static SmtpProbe probeTrusting(TestCertificates.Issued certificate) {
        return new SmtpProbe(new UpstreamConfig("relay.test", Duration.ofSeconds(5), Duration.ofSeconds(10),
                certificate == null ? TestCertificates.jdkTrust() : certificate.trust()), CLOCK, NoAccessTokens.INSTANCE);
    }

    private static ConnectionPlan plan(int port, TlsBehaviour tls, String password) {
        return new ConnectionPlan(LOCALHOST, port, tls, password == null ? null : new UpstreamLogin.Password(USER, new Secret(password)));
    }

    private static List<String> sent(SmtpTestReport report) {
        return report.transcript().stream().filter(l -> l.direction() == Direction.CLIENT).map(TranscriptLine::text).toList();
    }

    private static List<String> answers(SmtpTestReport report) {
        return report.transcript().stream().filter(l -> l.direction() == Direction.SERVER).map(TranscriptLine::text).toList();
    }

    private static List<String> notes(SmtpTestReport report) {
        return report.transcript().stream().filter(l -> l.direction() == Direction.NOTE).map(TranscriptLine::text).toList();
    }

    /** The report's chain is the server's one certificate, and the transcript shows it with its fingerprint. */
    private static void assertChainShown(SmtpTestReport report, TestCertificates.Issued certificate) {
        String fingerprint = ServerTrust.display(certificate.sha256());
        assertThat(report.certificateChain()).singleElement().satisfies(c -> {
            assertThat(c.subject()).isEqualTo("CN=localhost");
            assertThat(c.issuer()).isEqualTo("CN=localhost");
            assertThat(c.notBefore()).isBefore(c.notAfter());
            assertThat(c.sha256()).isEqualTo(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        });
        assertThat(notes(report)).anyMatch(n -> n.startsWith("Server certificate: CN=localhost; issued by CN=localhost; valid from ")
                && n.endsWith("; SHA-256 " + fingerprint + "."));
    }

    private static void assertNoSecretIn(SmtpTestReport report, String password) {
        String base64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8));
        String plainWithAuthzid = Base64.getEncoder().encodeToString((USER + "\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8));
        assertThat(report.transcript()).extracting(TranscriptLine::text)
                .allSatisfy(text -> assertThat(text).doesNotContain(password).doesNotContain(base64).doesNotContain(plain)
                        .doesNotContain(plainWithAuthzid));
        assertThat(report.verdict()).doesNotContain(password);
    }

    @Test
    void plainTestMailIsAcceptedAndTheWholeDialogueIsInTheTranscript() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.PLAIN, null), TEST_MAIL);

            assertThat(report.success()).as(report.verdict()).isTrue();
            assertThat(report.verdict()).startsWith("Connected without encryption").contains("Test email accepted by the server: 250");
            assertThat(report.server()).isEqualTo("localhost:" + upstream.port());
            assertThat(report.tlsProtocol()).isNull();
            assertThat(answers(report)).first().asString().startsWith("220");
            assertThat(answers(report)).anyMatch(line -> line.startsWith("250"));
            assertThat(sent(report)).startsWith("EHLO relay.test")
                    .contains("MAIL FROM:<store-a@shop.example>", "RCPT TO:<admin@example.com>", "DATA",
                            "Subject: store-relay test email", ".")
                    .endsWith("QUIT");
            FakeUpstream.Received received = upstream.awaitMessages(1).get(0);
            assertThat(received.envelopeFrom()).isEqualTo("store-a@shop.example");
            assertThat(received.recipients()).containsExactly("admin@example.com");
            assertThat(received.text()).contains("Subject: store-relay test email", "Date: Tue, 24 Nov 2026 04:00:00 +0000",
                    "Message-ID: <", "From: <store-a@shop.example>");
        }
    }

    @Test
    void withoutATestMailTheTestEndsAfterTheGreeting() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.PLAIN, null), null);

            assertThat(report.success()).as(report.verdict()).isTrue();
            assertThat(sent(report)).containsExactly("EHLO relay.test", "QUIT");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void startTlsWithTheOperatorsTrustStoreReportsTheNegotiatedTls() {
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.REQUIRED, TestCertificates.localhost())) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, null), TEST_MAIL);

            assertThat(report.success()).as(report.verdict()).isTrue();
            assertThat(report.tlsProtocol()).isNotNull().startsWith("TLSv1.");
            assertThat(report.tlsCipher()).isNotNull();
            assertThat(report.verdict()).startsWith("Connected, " + report.tlsProtocol());
            assertThat(sent(report)).containsSubsequence("EHLO relay.test", "STARTTLS", "EHLO relay.test", "MAIL FROM:<store-a@shop.example>");
            assertThat(upstream.awaitMessages(1).get(0).tls()).isTrue();
            assertChainShown(report, TestCertificates.localhost());
            assertThat(notes(report)).anyMatch(n -> n.equals("TLS handshake: " + report.tlsProtocol() + ", " + report.tlsCipher() + "."))
                    .anyMatch(n -> n.startsWith("The server's certificate is trusted: its chain leads to a trusted CA"));
        }
    }

    @Test
    void startTlsRequiredFailsWhenTheServerDoesNotOfferIt() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, null), TEST_MAIL);

            assertThat(report.success()).isFalse();
            assertThat(report.verdict()).contains("does not offer STARTTLS").contains("StartTLS");
            assertThat(sent(report)).as("nothing but the greeting; Angus then hangs up").containsExactly("EHLO relay.test");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void startTlsWhenAvailableContinuesInPlainTextWithoutIt() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.STARTTLS_WHEN_AVAILABLE, null), null);

            assertThat(report.success()).as(report.verdict()).isTrue();
            assertThat(report.tlsProtocol()).isNull();
            assertThat(report.transcript()).anyMatch(l -> l.direction() == Direction.NOTE && l.text().contains("does not offer STARTTLS"));
        }
    }

    @Test
    void noneNeverUpgradesEvenWhenStartTlsIsOffered() {
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.localhost())) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.PLAIN, null), TEST_MAIL);

            assertThat(report.success()).as(report.verdict()).isTrue();
            assertThat(report.tlsProtocol()).isNull();
            assertThat(sent(report)).doesNotContain("STARTTLS");
            assertThat(upstream.awaitMessages(1).get(0).tls()).isFalse();
        }
    }

    @Test
    void aLoginOverStartTlsIsMaskedInTheTranscript() {
        try (FakeUpstream upstream = FakeUpstream.withStartTlsAndAuth(StartTls.REQUIRED, TestCertificates.localhost(), USER, PASSWORD)) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, PASSWORD), TEST_MAIL);

            assertThat(report.success()).as(report.verdict()).isTrue();
            assertThat(report.verdict()).contains("logged in as 'store-c'");
            assertThat(sent(report)).contains("AUTH LOGIN", SmtpProbeTranscript.MASK);
            assertNoSecretIn(report, PASSWORD);
            assertThat(upstream.awaitMessages(1).get(0).login()).isEqualTo(USER);
        }
    }

    @Test
    void aWrongPasswordIsAFailedLoginAndNeverShown() {
        try (FakeUpstream upstream = FakeUpstream.withStartTlsAndAuth(StartTls.REQUIRED, TestCertificates.localhost(), USER, PASSWORD)) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, WRONG_PASSWORD), TEST_MAIL);

            assertThat(report.success()).isFalse();
            assertThat(report.verdict()).startsWith("Login failed: the server answered 5");
            assertNoSecretIn(report, WRONG_PASSWORD);
            assertThat(sent(report)).endsWith("AUTH LOGIN", SmtpProbeTranscript.MASK, SmtpProbeTranscript.MASK);
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void authPlainIsMaskedWhileTheServerGetsTheRealCredentials() throws IOException {
        try (SmtpProbeScriptedServer server = new SmtpProbeScriptedServer("220 scripted ESMTP\r\n",
                line -> line.startsWith("EHLO") ? "250-scripted\r\n250 AUTH PLAIN\r\n"
                        : line.startsWith("AUTH PLAIN ") ? "235 2.7.0 Authentication successful\r\n" : "500 5.5.1 ?\r\n")) {
            SmtpTestReport report = probe.probe(plan(server.port(), TlsBehaviour.PLAIN, PASSWORD), null);

            assertThat(report.success()).as(report.verdict()).isTrue();
            assertThat(sent(report)).contains("AUTH PLAIN " + SmtpProbeTranscript.MASK);
            assertNoSecretIn(report, PASSWORD);
            // Angus sends the user as the authorization identity too (RFC 4616: the same identity).
            String plain = Base64.getEncoder().encodeToString((USER + "\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(server.received()).contains("AUTH PLAIN " + plain);
        }
    }

    @Test
    void aLoginWithoutAuthOnTheServerFailsInsteadOfGoingOnUnauthenticated() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.PLAIN, PASSWORD), TEST_MAIL);

            assertThat(report.success()).isFalse();
            assertThat(report.verdict()).startsWith("The server offers no login (AUTH), but a login is set for this store.");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void aRefusedRecipientIsTheVerdict() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.PLAIN, null),
                    new TestMail(STORE, new EmailAddress("reject-me@example.com")));

            assertThat(report.success()).isFalse();
            assertThat(report.verdict()).startsWith("The server refused the recipient <reject-me@example.com>: 550");
        }
    }

    @Test
    void aClosedPortIsAFailedConnection() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SmtpTestReport report = probe.probe(plan(closedPort, TlsBehaviour.PLAIN, null), TEST_MAIL);

        assertThat(report.success()).isFalse();
        assertThat(report.verdict()).startsWith("Could not connect to localhost:" + closedPort).contains("refused");
        assertThat(sent(report)).isEmpty();
    }

    @Test
    void aServerThatNeverGreetsTimesOut() throws IOException {
        SmtpProbe impatient = new SmtpProbe(new UpstreamConfig("relay.test", Duration.ofSeconds(5), Duration.ofMillis(300),
                TestCertificates.jdkTrust()), CLOCK, NoAccessTokens.INSTANCE);
        // The kernel completes the connection from the backlog; nobody ever answers on it.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SmtpTestReport report = impatient.probe(plan(silent.getLocalPort(), TlsBehaviour.STARTTLS_WHEN_AVAILABLE, null), null);

            assertThat(report.success()).isFalse();
            assertThat(report.verdict()).startsWith("The server sent no greeting within 300 ms").contains("SSL on connect");
        }
    }

    @Test
    void sslOnConnectWithATrustedCertificateLogsIn() {
        SmtpTestReport report = probe.probe(plan(smtps.getSmtps().getPort(), TlsBehaviour.IMPLICIT_TLS, PASSWORD), TEST_MAIL);

        assertThat(report.success()).as(report.verdict()).isTrue();
        assertThat(report.tlsProtocol()).isNotNull();
        assertThat(report.tlsCipher()).isNotNull();
        assertThat(sent(report)).doesNotContain("STARTTLS");
        assertNoSecretIn(report, PASSWORD);
        assertChainShown(report, TestCertificates.localhost());
        assertThat(smtps.waitForIncomingEmail(5000, 1)).isTrue();
    }

    @Test
    void sslOnConnectWithAnUntrustedCertificateIsRefused() {
        // Only the JDK's CAs: nothing vouches for the test server's self-signed certificate.
        SmtpTestReport report = probeTrusting(null).probe(plan(smtps.getSmtps().getPort(), TlsBehaviour.IMPLICIT_TLS, PASSWORD), TEST_MAIL);

        assertThat(report.success()).isFalse();
        assertThat(report.verdict()).startsWith("The server's certificate is not trusted: ").containsIgnoringCase("certification path")
                .contains("STORE_RELAY_TRUSTSTORE");
        assertThat(report.tlsProtocol()).isNull();
        assertThat(sent(report)).isEmpty();
        assertNoSecretIn(report, PASSWORD);
        // What was refused is shown, so that a setup admin can pin it.
        assertChainShown(report, TestCertificates.localhost());
        assertThat(notes(report)).anyMatch(n -> n.startsWith("The server's certificate is not trusted: "));
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() {
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.otherHost())) {
            SmtpTestReport report = probeTrusting(TestCertificates.otherHost())
                    .probe(plan(upstream.port(), TlsBehaviour.STARTTLS_WHEN_AVAILABLE, null), TEST_MAIL);

            assertThat(report.success()).isFalse();
            assertThat(report.verdict()).startsWith("The server's certificate is not trusted: ").contains("another name than 'localhost'");
            assertThat(sent(report)).endsWith("STARTTLS");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void sslOnConnectToAPlainServerExplainsThePortMismatch() {
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            SmtpTestReport report = probe.probe(plan(upstream.port(), TlsBehaviour.IMPLICIT_TLS, null), null);

            assertThat(report.success()).isFalse();
            assertThat(report.verdict()).startsWith("The TLS handshake with the server failed").contains("SSL on connect");
        }
    }

    @Test
    void aUnitsPinnedCertificateIsTrustedWithoutAnyCaAndTheTestSaysSo() {
        SmtpProbe withoutTrustStore = probeTrusting(null);
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.REQUIRED, TestCertificates.localhost())) {
            ConnectionPlan pinned = new ConnectionPlan(LOCALHOST, upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, null,
                    new ServerTrust(List.of(TestCertificates.localhost().sha256()), null));

            SmtpTestReport report = withoutTrustStore.probe(pinned, TEST_MAIL);

            assertThat(report.success()).as(report.verdict()).isTrue();
            assertThat(notes(report)).anyMatch(n -> n.startsWith("The server's certificate is trusted: its SHA-256 fingerprint is pinned"));
            assertChainShown(report, TestCertificates.localhost());
        }
    }
}
