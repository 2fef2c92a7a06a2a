package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.adapter.relay.testing.FakeAccessTokens;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.FakeUpstream.StartTls;
import dev.storerelay.adapter.relay.testing.FakeXoauth2;
import dev.storerelay.adapter.relay.testing.LogCapture;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import dev.storerelay.application.port.out.AccessTokenPort.AccessTokenUnavailableException;
import dev.storerelay.application.port.out.SmtpProbePort.TestMail;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UpstreamLogin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection test of an OAuth 2.0 store: the token step (endpoint, grant, scope, expiry or the endpoint's error)
 * and the masked {@code AUTH XOAUTH2} exchange, through the client delivery uses; never a token in the transcript,
 * the verdict or a log line.
 */
class SmtpProbeOAuth2IT {
    private static final String MAILBOX = "store12@example.net";
    private static final UpstreamLogin.OAuth2 LOGIN = FakeAccessTokens.login(MAILBOX);
    private static final TestMail TEST_MAIL = new TestMail(new EmailAddress(MAILBOX), new EmailAddress("admin@example.com"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T04:00:00Z"), ZoneOffset.UTC);

    private final FakeAccessTokens tokens = new FakeAccessTokens();
    private final FakeXoauth2 xoauth2 = tokens.xoauth2For(MAILBOX);
    private final SmtpProbe probe = new SmtpProbe(new UpstreamConfig("relay.test", Duration.ofSeconds(5),
            Duration.ofSeconds(10), TestCertificates.localhost().trust()), CLOCK, tokens);
    private final List<String> tokensSeen = new ArrayList<>();
    private FakeUpstream upstream;
    private LogCapture logs;

    @BeforeEach
    void start() {
        logs = new LogCapture();
        upstream = FakeUpstream.withAuthentication(StartTls.REQUIRED, TestCertificates.localhost(), xoauth2);
    }

    @AfterEach
    void stop() {
        upstream.close();
        logs.close();
        // No token that was handed out, nor the client's secret, shows in any log line of the test.
        tokensSeen.add("client-secret-never-shown");
        for (String secret : tokensSeen) {
            assertThat(logs.lines()).noneMatch(line -> line.contains(secret));
        }
    }

    private ConnectionPlan plan() {
        return new ConnectionPlan(new ServerAddress("localhost"), upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, LOGIN);
    }

    private static List<String> lines(SmtpTestReport report, Direction direction) {
        return report.transcript().stream().filter(l -> l.direction() == direction).map(TranscriptLine::text).toList();
    }

    /** Neither a token, nor its Base64, nor the XOAUTH2 initial response shows anywhere in the report. */
    private void assertNoTokenIn(SmtpTestReport report) {
        for (String token : tokensSeen) {
            String base64 = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
            String initial = Base64.getEncoder().encodeToString(("user=" + MAILBOX + "\u0001auth=Bearer " + token + "\u0001\u0001")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(report.transcript()).extracting(TranscriptLine::text).allSatisfy(text -> assertThat(text)
                    .doesNotContain(token).doesNotContain(base64).doesNotContain(initial));
            assertThat(report.verdict()).doesNotContain(token);
        }
    }

    @Test
    void theTranscriptShowsTheTokenStepAndTheMaskedXoauth2Login() {
        SmtpTestReport report = probe.probe(plan(), TEST_MAIL);
        tokensSeen.add(tokens.currentValue());

        assertThat(report.success()).as(report.verdict()).isTrue();
        assertThat(report.verdict()).startsWith("Connected, TLSv1.")
                .contains("logged in as 'store12@example.net' with OAuth 2.0 (XOAUTH2)")
                .contains("Test email accepted by the server: 250");
        assertThat(lines(report, Direction.NOTE)).containsSubsequence(
                "OAuth 2.0: token endpoint https://login.example.net/token, grant CLIENT_CREDENTIALS, scope smtp.send.",
                "Access token obtained, expires at 2099-01-01T00:00:00Z.",
                "Logged in as 'store12@example.net' with an OAuth 2.0 access token (XOAUTH2).");
        assertThat(lines(report, Direction.CLIENT)).containsSubsequence("STARTTLS", "EHLO relay.test",
                "AUTH XOAUTH2 " + SmtpProbeTranscript.MASK, "MAIL FROM:<store12@example.net>");
        assertThat(lines(report, Direction.SERVER)).contains("235 Authentication successful.");
        assertNoTokenIn(report);
        assertThat(xoauth2.attempts()).singleElement().satisfies(a -> {
            assertThat(a.user()).isEqualTo(MAILBOX);
            assertThat(a.accepted()).isTrue();
        });
        assertThat(upstream.awaitMessages(1).get(0).login()).isEqualTo(MAILBOX);
    }

    @Test
    void aRefusedTokenIsReplacedOnceAndTheTranscriptShowsBothLogins() {
        tokensSeen.add(tokens.accessToken(LOGIN).value().reveal());
        tokens.revokeCurrent();                                   // e.g. revoked at the provider, still cached here

        SmtpTestReport report = probe.probe(plan(), null);
        tokensSeen.add(tokens.currentValue());

        assertThat(report.success()).as(report.verdict()).isTrue();
        assertThat(tokens.replaced()).hasSize(1);
        assertThat(lines(report, Direction.CLIENT)).filteredOn(l -> l.startsWith("AUTH XOAUTH2"))
                .containsExactly("AUTH XOAUTH2 " + SmtpProbeTranscript.MASK, "AUTH XOAUTH2 " + SmtpProbeTranscript.MASK);
        assertThat(lines(report, Direction.NOTE)).containsSubsequence(
                "Access token obtained, expires at 2099-01-01T00:00:00Z.",
                "The server refused the access token (334 " + FakeXoauth2.ERROR_JSON + "); asking the token endpoint for a new one.",
                "New access token obtained, expires at 2099-01-01T00:00:00Z.");
        assertNoTokenIn(report);
        assertThat(xoauth2.attempts()).extracting(FakeXoauth2.Attempt::accepted).containsExactly(false, true);
    }

    @Test
    void aTokenRefusedTwiceIsAFailedLoginWithTheServersAnswer() {
        tokens.revokeAll();

        SmtpTestReport report = probe.probe(plan(), null);
        tokensSeen.addAll(tokens.replaced());
        tokensSeen.add(tokens.currentValue());

        assertThat(report.success()).isFalse();
        assertThat(report.verdict()).isEqualTo("Login failed: the server answered 334 " + FakeXoauth2.ERROR_JSON + ".");
        assertThat(xoauth2.attempts()).hasSize(2);
        assertNoTokenIn(report);
    }

    @Test
    void withoutATokenTheTestNamesTheEndpointsErrorAndDoesNotConnect() {
        tokens.failWith(new AccessTokenUnavailableException(
                "OAuth 2.0 token refused by login.example.net: invalid_client (AADSTS7000215: Invalid client secret provided)",
                "invalid_client", null));

        SmtpTestReport report = probe.probe(plan(), TEST_MAIL);

        assertThat(report.success()).isFalse();
        assertThat(report.verdict()).contains("OAuth 2.0 token refused by login.example.net: invalid_client");
        assertThat(lines(report, Direction.NOTE)).containsSubsequence(
                "OAuth 2.0: token endpoint https://login.example.net/token, grant CLIENT_CREDENTIALS, scope smtp.send.",
                "No access token: OAuth 2.0 token refused by login.example.net: invalid_client (AADSTS7000215: Invalid client secret provided)");
        assertThat(lines(report, Direction.CLIENT)).isEmpty();
        assertThat(upstream.connections()).isZero();
    }

    @Test
    void aServerThatDoesNotOfferXoauth2NeverGetsTheToken() {
        try (FakeUpstream passwordOnly = FakeUpstream.withStartTlsAndAuth(StartTls.REQUIRED, TestCertificates.localhost(), "u", "p")) {
            SmtpTestReport report = probe.probe(new ConnectionPlan(new ServerAddress("localhost"), passwordOnly.port(),
                    TlsBehaviour.STARTTLS_REQUIRED, LOGIN), null);
            tokensSeen.add(tokens.currentValue());

            assertThat(report.success()).isFalse();
            assertThat(report.verdict()).isEqualTo("The server offers no login method store-relay can use: it offers "
                    + "PLAIN LOGIN, store-relay logs in with XOAUTH2 for an OAuth 2.0 login.");
            assertThat(lines(report, Direction.CLIENT)).noneMatch(l -> l.startsWith("AUTH"));
        }
    }
}
