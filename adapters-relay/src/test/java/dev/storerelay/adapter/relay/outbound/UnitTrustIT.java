package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.DataEndGate;

import com.icegreen.greenmail.util.GreenMail;
import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.FakeUpstream.StartTls;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.ForwardMessagePort.ForwardResult;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RewrittenSender;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.ServerTrust;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UpstreamReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A unit's own trust (issue #20): a pinned server certificate or a CA of the unit makes that plan's upstream trusted,
 * and only that plan's. The relay here has no operator trust store, so nothing else vouches for the test certificates;
 * verification stays on, the host name check included.
 */
class UnitTrustIT {
    private static final EmailAddress STORE = new EmailAddress("store@shop.example");
    private static final ServerAddress LOCALHOST = new ServerAddress("localhost");

    private final JakartaMailForwarder forwarder = Forwarders.forwarder(
            new UpstreamConfig("relay.test", Duration.ofSeconds(5), Duration.ofSeconds(10), TestCertificates.jdkTrust()));

    @AfterEach
    void close() {
        forwarder.close();
    }

    private static OutgoingMessage message(int port, TlsBehaviour tls, ServerTrust trust) {
        return new OutgoingMessage("3", new ConnectionPlan(LOCALHOST, port, tls, null, trust),
                new RewrittenSender(STORE, STORE, null), List.of(new EmailAddress("customer@example.com")),
                MessageContent.ofBytes("Subject: trust\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)),
                "from erp by relay.test", List.of(), null, DataEndGate.OPEN);
    }

    private static UpstreamReply onlyReply(ForwardResult result) {
        assertThat(result.replies()).hasSize(1);
        return result.replies().get(0).reply();
    }

    private static ServerTrust pinned(TestCertificates.Issued certificate) {
        return new ServerTrust(List.of(certificate.sha256()), null);
    }

    @Test
    void aStorePinnedToTheSelfSignedCertificateDeliversAndAnotherStoreOnTheSameUpstreamDoesNot() {
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.REQUIRED, TestCertificates.localhost())) {
            UpstreamReply withPin = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED,
                    pinned(TestCertificates.localhost()))));
            UpstreamReply withoutPin = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED,
                    ServerTrust.DEFAULT)));

            assertThat(withPin.code()).as(withPin.text()).isEqualTo(250);
            assertThat(withoutPin.code()).as("retried later, with the certificate error").isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(withoutPin.text()).containsIgnoringCase("certification path");
            assertThat(upstream.awaitMessages(1)).hasSize(1);
            assertThat(upstream.received()).as("only the pinned store's message").hasSize(1);
        }
    }

    @Test
    void aPinnedCertificateOnConnectIsTrustedToo() {
        GreenMail smtps = GreenMailSmtps.start();
        try {
            int port = smtps.getSmtps().getPort();
            UpstreamReply withPin = onlyReply(forwarder.forward(message(port, TlsBehaviour.IMPLICIT_TLS,
                    pinned(TestCertificates.localhost()))));
            UpstreamReply withoutPin = onlyReply(forwarder.forward(message(port, TlsBehaviour.IMPLICIT_TLS, ServerTrust.DEFAULT)));

            assertThat(withPin.code()).as(withPin.text()).isEqualTo(250);
            assertThat(withoutPin.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(withoutPin.text()).containsIgnoringCase("certification path");
            assertThat(smtps.waitForIncomingEmail(5_000, 1)).isTrue();
            assertThat(smtps.getReceivedMessages()).hasSize(1);
        } finally {
            smtps.stop();
        }
    }

    @Test
    void aPinnedCertificateMustStillNameTheServer() {
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.REQUIRED, TestCertificates.otherHost())) {
            UpstreamReply reply = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED,
                    pinned(TestCertificates.otherHost()))));

            assertThat(reply.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(reply.text()).contains("No subject alternative DNS name matching localhost");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void aUnitsCaIsTrustedForThatPlanOnly() {
        TestCertificates.Issued issued = TestCertificates.issuedByCa();
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.REQUIRED, issued)) {
            ServerTrust unitCa = new ServerTrust(List.of(), issued.caPem());
            ServerTrust otherUnit = pinned(TestCertificates.localhost());

            UpstreamReply withCa = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, unitCa)));
            UpstreamReply usual = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, ServerTrust.DEFAULT)));
            UpstreamReply other = onlyReply(forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, otherUnit)));

            assertThat(withCa.code()).as(withCa.text()).isEqualTo(250);
            assertThat(usual.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(usual.text()).containsIgnoringCase("certification path");
            assertThat(other.code()).isEqualTo(UpstreamReply.NO_REPLY);
            assertThat(other.text()).containsIgnoringCase("certification path");
            assertThat(upstream.awaitMessages(1)).hasSize(1);
        }
    }
}
