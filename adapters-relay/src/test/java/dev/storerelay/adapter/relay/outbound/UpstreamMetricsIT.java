package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.DataEndGate;

import dev.storerelay.adapter.relay.testing.FakeUpstream;
import dev.storerelay.adapter.relay.testing.FakeUpstream.StartTls;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RewrittenSender;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.TlsBehaviour;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.X509TrustManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery's connection metrics: connections opened (not reused ones) and TLS handshakes with their failures. */
class UpstreamMetricsIT {
    private static final EmailAddress STORE = new EmailAddress("store@shop.example");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private JakartaMailForwarder forwarder;

    @AfterEach
    void close() {
        if (forwarder != null) {
            forwarder.close();
        }
    }

    @Test
    void registeredAtZeroThenConnectionsOpenedAndHandshakesCounted() {
        forwarder = forwarder(TestCertificates.localhost().trust());
        assertThat(opened()).isZero();
        assertThat(tls("success")).isZero();
        assertThat(tls("failure")).isZero();

        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.localhost())) {
            for (int i = 0; i < 3; i++) {
                forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, "c" + i + "@example.com"));
            }
            assertThat(upstream.awaitMessages(3)).hasSize(3);
        }

        assertThat(opened()).as("one connection, reused").isEqualTo(1);
        assertThat(tls("success")).isEqualTo(1);
        assertThat(tls("failure")).isZero();
    }

    @Test
    void aPlainConnectionIsNoHandshake() {
        forwarder = forwarder(TestCertificates.localhost().trust());
        try (FakeUpstream upstream = FakeUpstream.plain()) {
            forwarder.forward(message(upstream.port(), TlsBehaviour.PLAIN, "c@example.com"));
            upstream.awaitMessages(1);
        }
        assertThat(opened()).isEqualTo(1);
        assertThat(tls("success")).isZero();
    }

    @Test
    void anUntrustedCertificateIsAFailedHandshakeAndNoConnection() {
        forwarder = forwarder(TestCertificates.jdkTrust());
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.localhost())) {
            forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, "c@example.com"));
        }
        assertThat(tls("failure")).isEqualTo(1);
        assertThat(tls("success")).isZero();
        assertThat(opened()).isZero();
    }

    @Test
    void aCertificateForAnotherHostIsAFailedHandshake() {
        forwarder = forwarder(TestCertificates.otherHost().trust());
        try (FakeUpstream upstream = FakeUpstream.withStartTls(StartTls.OFFERED, TestCertificates.otherHost())) {
            forwarder.forward(message(upstream.port(), TlsBehaviour.STARTTLS_REQUIRED, "c@example.com"));
        }
        assertThat(tls("failure")).isEqualTo(1);
        assertThat(opened()).isZero();
    }

    private double opened() {
        return meters.get(UpstreamMetrics.CONNECTIONS_OPENED).functionCounter().count();
    }

    private double tls(String result) {
        return meters.get(UpstreamMetrics.TLS_HANDSHAKES).tag("result", result).counter().count();
    }

    private JakartaMailForwarder forwarder(X509TrustManager trust) {
        return Forwarders.with(new UpstreamConfig("relay.test", Duration.ofSeconds(5), Duration.ofSeconds(10), trust))
                .meters(meters).build();
    }

    private static OutgoingMessage message(int port, TlsBehaviour tls, String to) {
        return new OutgoingMessage("1", new ConnectionPlan(new ServerAddress("localhost"), port, tls, null),
                new RewrittenSender(STORE, STORE, null), List.of(new EmailAddress(to)),
                MessageContent.ofBytes("Subject: metrics\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)),
                "from test (127.0.0.1) by relay.test (store-relay) with ESMTP id 1; Tue, 24 Nov 2026 04:00:00 +0000", List.of(), null, DataEndGate.OPEN);
    }
}
