package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.adapter.relay.ListenerTls;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.domain.model.RoutingDecision;
import dev.storerelay.domain.model.Secret;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener's metrics over real loopback sockets: registered at zero before it starts, then connections, refusals
 * at the connection limit, messages accepted and rejected, refusals by reply code, TLS handshakes and AUTH failures.
 */
class ListenerMetricsIT {
    private static final String MESSAGE = "Subject: hi\r\n\r\nHello\r\n.\r\n";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingRelay relay = new RecordingRelay();
    @RegisterExtension
    final OpenListeners open = new OpenListeners();
    private SmtpServer server;

    @Test
    void everyMeterIsThereAtZeroBeforeTheListenerStarts() {
        server = server(2);

        assertThat(count(ListenerMetrics.MESSAGES_RECEIVED, "result", "accepted")).isZero();
        assertThat(count(ListenerMetrics.MESSAGES_RECEIVED, "result", "rejected")).isZero();
        for (String reason : List.of("all_taken", "reserved_only", "client_limit", "reserve_check_failed")) {
            assertThat(count(ListenerMetrics.CONNECTIONS_REFUSED, "reason", reason)).as(reason).isZero();
        }
        for (int code : ListenerMetrics.REJECTION_CODES) {
            assertThat(count(ListenerMetrics.REJECTIONS, "code", Integer.toString(code))).isZero();
        }
        assertThat(count(ListenerMetrics.TLS_HANDSHAKES, "result", "success")).isZero();
        assertThat(count(ListenerMetrics.TLS_HANDSHAKES, "result", "failure")).isZero();
        assertThat(count(ListenerMetrics.AUTH_FAILURES, "reason", "invalid_credentials")).isZero();
        assertThat(count(ListenerMetrics.AUTH_FAILURES, "reason", "throttled")).isZero();
        assertThat(meters.get(ListenerMetrics.CONNECTIONS).gauge().value()).isZero();
        assertThat(meters.getMeters()).extracting(Meter::getId)
                .allSatisfy(id -> assertThat(id.getName()).startsWith("storerelay."));
    }

    @Test
    void openConnectionsAreAGaugeAndOneOverTheLimitIsCountedByReason() throws IOException {
        server = server(2);
        server.start();
        assertThat(meters.find("netty.eventexecutor.tasks.pending").gauges()).as("the event loops' metrics").isNotEmpty();

        SmtpTestClient first = connect();
        connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get(ListenerMetrics.CONNECTIONS).gauge().value() == 2);

        SmtpTestClient third = open.client(server);
        third.expect("421 4.3.2");
        assertThat(count(ListenerMetrics.CONNECTIONS_REFUSED, "reason", "all_taken")).isEqualTo(1);

        first.send("QUIT\r\n").expect("221 ");
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get(ListenerMetrics.CONNECTIONS).gauge().value() == 1);
    }

    @Test
    void messagesAreCountedAcceptedOrRejectedAndRefusalsByTheirReplyCode() throws IOException {
        server = server(10);
        server.start();
        SmtpTestClient client = connect();
        client.send("EHLO legacy\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n" + MESSAGE)
                .expectAll("250 ", "250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0 Ok: queued");

        relay.answerWith(command -> new RelayResult.Refused(RoutingDecision.Refusal.UNKNOWN_STORE, "unknown store 'x'"));
        client.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n" + MESSAGE)
                .expectAll("250 2.1.0", "250 2.1.5", "354 ", "550 5.1.0");
        client.send("MAIL FROM:app@example.com\r\nRCPT TO:<x@example.org>\r\nNOOP\r\n")
                .expectAll("501 5.5.4", "503 5.5.1", "250 2.0.0");

        assertThat(count(ListenerMetrics.MESSAGES_RECEIVED, "result", "accepted")).isEqualTo(1);
        assertThat(count(ListenerMetrics.MESSAGES_RECEIVED, "result", "rejected")).isEqualTo(1);
        assertThat(count(ListenerMetrics.REJECTIONS, "code", "550")).isEqualTo(1);
        assertThat(count(ListenerMetrics.REJECTIONS, "code", "501")).isEqualTo(1);
        assertThat(count(ListenerMetrics.REJECTIONS, "code", "503")).as("RCPT without MAIL").isEqualTo(1);
        assertThat(meters.find(ListenerMetrics.REJECTIONS).counters()).as("NOOP's and EHLO's replies are no refusals")
                .extracting(c -> c.getId().getTag("code")).doesNotContain("250", "500");
        assertThat(meters.getMeters()).as("nothing the client sent becomes a label")
                .allSatisfy(meter -> assertThat(meter.getId().getTags().toString()).doesNotContain("example", "legacy"));
    }

    @Test
    void tlsHandshakesAndFailedAuthenticationsAreCounted() throws Exception {
        server = server(10, new ListenerTls.Pkcs12(TestCertificates.localhost().keyStore(),
                new Secret(TestCertificates.PASSWORD)));
        server.start();
        SmtpTestClient secured = connect();
        secured.send("EHLO legacy\r\nSTARTTLS\r\n").expectAll("250 ", "220 2.0.0");
        secured.startTls(TlsTestContexts.trustingLocalhost());
        secured.send("EHLO legacy\r\nAUTH PLAIN " + SmtpSessionPolicyTest.plain("", "shop7", "wrong") + "\r\n")
                .expectAll("250 ", "535 5.7.8");
        await().atMost(Duration.ofSeconds(5)).until(() -> count(ListenerMetrics.TLS_HANDSHAKES, "result", "success") == 1);
        assertThat(count(ListenerMetrics.AUTH_FAILURES, "reason", "invalid_credentials")).isEqualTo(1);

        SmtpTestClient plainAfterStartTls = connect();
        plainAfterStartTls.send("EHLO legacy\r\nSTARTTLS\r\n").expectAll("250 ", "220 2.0.0");
        plainAfterStartTls.send("EHLO this is no TLS record\r\n".getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(5)).until(() -> count(ListenerMetrics.TLS_HANDSHAKES, "result", "failure") == 1);
        assertThat(count(ListenerMetrics.TLS_HANDSHAKES, "result", "success")).isEqualTo(1);
    }

    private double count(String name, String tag, String value) {
        Counter counter = meters.find(name).tag(tag, value).counter();
        assertThat(counter).as(name + "{" + tag + "=" + value + "}").isNotNull();
        return counter.count();
    }

    private SmtpTestClient connect() throws IOException {
        SmtpTestClient client = open.client(server);
        client.expect("220 relay.test");
        return client;
    }

    private SmtpServer server(int maxConnections) {
        return server(maxConnections, null);
    }

    private SmtpServer server(int maxConnections, ListenerTls tls) {
        ListenerConfig config = TestListenerConfigs.loopback().maxConnections(maxConnections)
                .maxConnectionsPerClient(maxConnections).reservedConnections(0).build();
        return open.add(TestSmtpServers.listener(config).security(new ListenerSecurity(tls, false, false)).relay(relay)
                .credentials(new FakeRelayCredentials().with("shop7", "pw", "S7")).meters(meters).build());
    }
}
