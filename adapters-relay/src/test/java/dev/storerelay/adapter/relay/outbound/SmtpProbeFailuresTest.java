package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.adapter.relay.outbound.SmtpProbeFailures.Context;
import dev.storerelay.adapter.relay.outbound.SmtpProbeFailures.Phase;
import dev.storerelay.domain.model.TlsBehaviour;
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
                Duration.ofSeconds(5), Duration.ofSeconds(30), lastCommand);
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
}
