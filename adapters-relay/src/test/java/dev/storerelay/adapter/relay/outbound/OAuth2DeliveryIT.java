package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.DataEndGate;

import dev.storerelay.adapter.relay.testing.FakeAccessTokens;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.FakeUpstream.StartTls;
import dev.storerelay.adapter.relay.testing.FakeXoauth2;
import dev.storerelay.adapter.relay.testing.LogCapture;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.AccessTokenPort.AccessTokenUnavailableException;
import dev.storerelay.application.port.out.ForwardMessagePort.ForwardResult;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.OAuth2Grant;
import dev.storerelay.domain.model.OAuth2Provider;
import dev.storerelay.domain.model.OAuth2Settings;
import dev.storerelay.domain.model.RewrittenSender;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamLogin;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery with SASL XOAUTH2 (README, *OAuth 2.0 tokens*) against an upstream that checks the tokens the fake token
 * port issued: a refused token is replaced once within the attempt, a second refusal and a missing token are temporary
 * failures with their reason, and no token (nor the client secret) is ever in a log line.
 */
class OAuth2DeliveryIT {
    private static final String MAILBOX = "store12@example.net";
    private static final EmailAddress SENDER = new EmailAddress(MAILBOX);
    private static final EmailAddress CUSTOMER = new EmailAddress("customer@example.com");
    private static final UpstreamLogin.OAuth2 LOGIN = FakeAccessTokens.login(MAILBOX);

    private final FakeAccessTokens tokens = new FakeAccessTokens();
    private final FakeXoauth2 xoauth2 = tokens.xoauth2For(MAILBOX);
    private final List<String> secrets = new ArrayList<>(List.of("client-secret-never-shown"));
    private JakartaMailForwarder forwarder;
    private FakeUpstream upstream;
    private LogCapture logs;

    @BeforeEach
    void start() {
        logs = new LogCapture();
        upstream = FakeUpstream.withAuthentication(StartTls.REQUIRED, TestCertificates.localhost(), xoauth2);
        forwarder = Forwarders.with(new UpstreamConfig("relay.test", Duration.ofSeconds(5), Duration.ofSeconds(10),
                TestCertificates.localhost().trust())).tokens(tokens).build();
    }

    @AfterEach
    void stop() {
        forwarder.close();
        upstream.close();
        logs.close();
        secrets.addAll(tokens.replaced());
        if (tokens.currentValue() != null) {
            secrets.add(tokens.currentValue());
        }
        for (String secret : secrets) {
            assertThat(logs.lines()).as("no log line shows a token or the client secret").noneMatch(line -> line.contains(secret));
        }
    }

    private static OutgoingMessage message(int port, UpstreamLogin login) {
        return new OutgoingMessage("7", new ConnectionPlan(new ServerAddress("localhost"), port, TlsBehaviour.STARTTLS_REQUIRED, login),
                new RewrittenSender(SENDER, SENDER, "Store 12"), List.of(CUSTOMER),
                MessageContent.ofBytes("Subject: order\r\n\r\nThank you.\r\n".getBytes(StandardCharsets.US_ASCII)),
                "from erp (127.0.0.1) by relay.test (store-relay) with ESMTP id 7; Tue, 24 Nov 2026 04:00:00 +0000", List.of(), null, DataEndGate.OPEN);
    }

    private static UpstreamReply onlyReply(ForwardResult result) {
        assertThat(result.replies()).hasSize(1);
        return result.replies().get(0).reply();
    }

    @Test
    void aMessageIsSentWithXoauth2AsTheMailbox() {
        UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), LOGIN)));

        assertThat(reply.code()).as(reply.text()).isEqualTo(250);
        FakeUpstream.Received received = upstream.awaitMessages(1).get(0);
        assertThat(received.login()).isEqualTo(MAILBOX);
        assertThat(received.tls()).isTrue();
        assertThat(xoauth2.attempts()).singleElement().satisfies(a -> assertThat(a.token()).isEqualTo(tokens.currentValue()));
        assertThat(tokens.replaced()).isEmpty();
    }

    @Test
    void aTokenTheUpstreamRefusesIsReplacedOnceAndTheMessageDeliveredInTheSameAttempt() {
        String stale = tokens.accessToken(LOGIN).value().reveal();
        tokens.revokeCurrent();

        UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), LOGIN)));

        assertThat(reply.code()).as(reply.text()).isEqualTo(250);
        assertThat(tokens.replaced()).containsExactly(stale);
        assertThat(xoauth2.attempts()).extracting(FakeXoauth2.Attempt::accepted).containsExactly(false, true);
        assertThat(xoauth2.attempts().get(1).token()).isEqualTo(tokens.currentValue()).isNotEqualTo(stale);
        assertThat(upstream.awaitMessages(1)).hasSize(1);
        assertThat(upstream.connections()).as("the refused token's connection, then the new token's").isEqualTo(2);
        assertThat(logs.lines()).as("the capture sees the relay's debug lines").anyMatch(l -> l.contains("refused the access token"));
    }

    @Test
    void aReplacedTokenRefusedAgainFailsTheAttemptTemporarilyWithTheUpstreamsAnswer() {
        tokens.revokeAll();

        UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), LOGIN)));

        assertThat(reply.code()).as("retried with backoff, not bounced").isEqualTo(UpstreamReply.NO_REPLY);
        assertThat(reply.text()).isEqualTo("upstream localhost refused the login: 334 " + FakeXoauth2.ERROR_JSON);
        assertThat(tokens.replaced()).as("replaced once, not again").hasSize(1);
        assertThat(xoauth2.attempts()).hasSize(2);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void withoutATokenTheMailWaitsWithTheEndpointsError() {
        String reason = "OAuth 2.0 token refused by login.example.net: invalid_grant (AADSTS70000: the grant is expired)";
        tokens.failWith(new AccessTokenUnavailableException(reason, "invalid_grant", new RuntimeException("HTTP 400")));

        UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), LOGIN)));

        assertThat(reply.code()).as("temporary").isEqualTo(UpstreamReply.NO_REPLY);
        assertThat(reply.text()).isEqualTo(reason);
        assertThat(upstream.connections()).as("no connection without a token").isZero();
        assertThat(logs.lines()).anyMatch(l -> l.contains("waits for an access token: " + reason));
    }

    @Test
    void aServerWithoutAuthNeverGetsTheMessage() {
        try (FakeUpstream noAuth = FakeUpstream.withStartTls(StartTls.REQUIRED, TestCertificates.localhost())) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(noAuth.port(), LOGIN)));

            assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(reply.text()).contains("offers no AUTH");
            assertThat(noAuth.received()).isEmpty();
        }
    }

    @Test
    void aServerOfferingOnlyPasswordLoginsNeverSeesAuthXoauth2() throws Exception {
        try (SmtpProbeScriptedServer passwordOnly = new SmtpProbeScriptedServer("220 upstream.test ESMTP\r\n",
                line -> line.toUpperCase(Locale.ROOT).startsWith("EHLO") ? "250-upstream.test\r\n250 AUTH PLAIN LOGIN\r\n"
                        : line.toUpperCase(Locale.ROOT).startsWith("AUTH") ? "535 5.7.8 no\r\n" : "250 2.0.0 Ok\r\n")) {
            OutgoingMessage plain = new OutgoingMessage("8", new ConnectionPlan(new ServerAddress("localhost"),
                    passwordOnly.port(), TlsBehaviour.PLAIN, LOGIN), new RewrittenSender(SENDER, SENDER, null),
                    List.of(CUSTOMER), MessageContent.ofBytes("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)),
                    "from erp by relay.test", List.of(), null, DataEndGate.OPEN);

            UpstreamReply reply = onlyReply(forwarder.forward(plain));

            assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(reply.text()).contains("No authentication mechanisms supported by both server and client");
            assertThat(passwordOnly.received()).noneMatch(line -> line.toUpperCase(Locale.ROOT).startsWith("AUTH"))
                    .noneMatch(line -> line.startsWith("MAIL"));
            assertThat(tokens.replaced()).as("not a refused token").isEmpty();
        }
    }

    @Test
    void connectionsArePooledByIdentitySoARotatedRefreshTokenKeepsThem() {
        OAuth2Settings before = refreshTokenSettings("refresh-1");
        OAuth2Settings rotated = refreshTokenSettings("refresh-2");
        UpstreamLogin.OAuth2 first = new UpstreamLogin.OAuth2(MAILBOX, before, UnitId.of("store-12"));
        UpstreamLogin.OAuth2 second = new UpstreamLogin.OAuth2(MAILBOX, rotated, UnitId.of("store-12"));
        secrets.addAll(List.of("refresh-1", "refresh-2"));

        assertThat(onlyReply(forwarder.forward(message(upstream.port(), first))).code()).isEqualTo(250);
        assertThat(onlyReply(forwarder.forward(message(upstream.port(), second))).code()).isEqualTo(250);

        assertThat(upstream.awaitMessages(2)).hasSize(2);
        assertThat(upstream.connections()).isEqualTo(1);
        assertThat(xoauth2.attempts()).as("one login for both messages").hasSize(1);
        assertThat(tokens.requests()).isEqualTo(1);
    }

    private static OAuth2Settings refreshTokenSettings(String refreshToken) {
        return new OAuth2Settings(OAuth2Provider.GENERIC, OAuth2Grant.REFRESH_TOKEN, null, "relay-client", null, null, null,
                null, "https://login.example.net/token", null, "smtp.send", new Secret(refreshToken));
    }
}
