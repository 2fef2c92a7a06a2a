package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.adapter.relay.outbound.SmtpProbeFailures.Context;
import dev.storerelay.adapter.relay.outbound.SmtpProbeFailures.Phase;
import dev.storerelay.domain.model.TlsBehaviour;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures that loopback tests cannot produce on demand: DNS, a dropped connect, a server hanging up. */
class SmtpProbeFailuresTest {
    private static Context context(String lastCommand) {
        return new Context("smtp.example.com", "smtp.example.com:587", TlsBehaviour.STARTTLS_REQUIRED,
                Duration.ofSeconds(5), Duration.ofSeconds(30), lastCommand, "LOGIN or PLAIN", null);
    }

    @Test
    void anUnknownHostIsADnsProblem() {
        assertThat(SmtpProbeFailures.verdict(new UnknownHostException("smtp.example.com"), Phase.CONNECTING, context(null)))
                .isEqualTo("The SMTP server address 'smtp.example.com' cannot be found (DNS lookup failed).");
    }

    @Test
    void aConnectTimeoutNamesTheTimeAndTheLikelyCauses() {
        assertThat(SmtpProbeFailures.verdict(new SocketTimeoutException("Connect timed out"), Phase.CONNECTING, context(null)))
                .startsWith("Could not connect to smtp.example.com:587: no answer within 5 seconds.");
    }

    @Test
    void aSilentServerNamesTheCommandItDidNotAnswer() {
        assertThat(SmtpProbeFailures.verdict(new SocketTimeoutException("Read timed out"), Phase.DIALOGUE, context("MAIL FROM:<a@b.example>")))
                .isEqualTo("The server did not answer \"MAIL FROM:<a@b.example>\" within 30 seconds.");
    }

    @Test
    void aServerHangingUpNamesTheLastCommand() {
        assertThat(SmtpProbeFailures.verdict(new EOFException("the server closed the connection"), Phase.DIALOGUE, context("DATA")))
                .isEqualTo("The server closed the connection after \"DATA\".");
    }

    @Test
    void angusConnectFailuresAreReadForWhatTheSocketSaid() {
        MessagingException unknownHost = new MailConnectException(new SocketConnectException(null,
                new UnknownHostException("smtp.example.com"), "smtp.example.com", 587, 5000));

        assertThat(SmtpProbeFailures.verdict(unknownHost, false, context(null)))
                .isEqualTo("The SMTP server address 'smtp.example.com' cannot be found (DNS lookup failed).");
    }

    @Test
    void aTimeoutDuringTheHandshakeIsTheHandshakes() {
        MessagingException failure = new MessagingException("Could not convert socket to TLS", new SocketTimeoutException("Read timed out"));

        assertThat(SmtpProbeFailures.verdict(failure, true, context("STARTTLS")))
                .isEqualTo("The TLS handshake did not finish within 30 seconds.");
    }

    @Test
    void anXoauth2ChallengeIsShownDecoded() {
        AuthenticationFailedException refused = new AuthenticationFailedException("334 eyJzdGF0dXMiOiI0MDEifQ==");

        assertThat(SmtpProbeFailures.verdict(refused, false, context("AUTH XOAUTH2 ********")))
                .isEqualTo("Login failed: the server answered 334 {\"status\":\"401\"}.");
    }

    @Test
    void aRefusedStartTlsNeverFallsBackToPlainText() {
        assertThat(SmtpProbeFailures.verdict(new MessagingException("454 4.7.0 TLS not available"), false, context("STARTTLS")))
                .isEqualTo("The server offers STARTTLS but refused it: 454 4.7.0 TLS not available. "
                        + "store-relay never falls back to plain text once it has tried TLS.");
    }
}
