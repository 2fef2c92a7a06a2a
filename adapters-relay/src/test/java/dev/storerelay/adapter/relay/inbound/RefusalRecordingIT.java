package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.domain.model.RefusedSubmission;
import dev.storerelay.domain.model.RoutingDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener records its refusals over real loopback sockets, and a database that does not answer never holds up
 * a dialogue: the refusals wait in the recorder's queue, off the event loops, and are written once it answers.
 */
class RefusalRecordingIT {
    private static final String MESSAGE = "Subject: hi\r\nX-Store-Id: nowhere\r\n\r\nHello\r\n.\r\n";

    private final RecordingRelay relay = new RecordingRelay();
    private final RecordingRefusals refusals = new RecordingRefusals();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    @RegisterExtension
    final OpenListeners open = new OpenListeners();
    private SmtpServer server;

    @AfterEach
    void answerAgain() {
        refusals.answerAgain();
    }

    @Test
    void anUnknownStoreIsRecordedWithTheClientAndTheTransaction() throws IOException {
        start();
        relay.answerWith(command -> new RelayResult.Refused(RoutingDecision.Refusal.UNKNOWN_STORE, "unknown store 'nowhere'"));
        connect().send("EHLO erp.legacy.example\r\nMAIL FROM:<erp@legacy.example>\r\nRCPT TO:<ann@shop.example>\r\nDATA\r\n"
                + MESSAGE).expectAll("250 ", "250 2.1.0", "250 2.1.5", "354 ", "550 5.1.0");

        await().atMost(Duration.ofSeconds(5)).until(() -> !refusals.recorded().isEmpty());
        assertThat(refusals.recorded()).singleElement().satisfies(r -> {
            assertThat(r.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(r.clientName()).isEqualTo("erp.legacy.example");
            assertThat(r.mailFrom()).isEqualTo("erp@legacy.example");
            assertThat(r.recipients()).containsExactly("ann@shop.example");
            assertThat(r.reply()).hasToString("550 5.1.0 unknown store 'nowhere'");
        });
        assertThat(refusals.threads()).as("never an event loop").containsOnly("smtp-refusals");
    }

    @Test
    void aDatabaseThatDoesNotAnswerNeverHoldsUpTheDialogue() throws IOException {
        start();
        refusals.hang();
        int connections = 10;
        int perConnection = SessionRefusals.MAX_PER_CONNECTION;
        long began = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            SmtpTestClient client = connect();
            client.send("EHLO erp.example\r\n" + "MAIL FROM:<bad address>\r\n".repeat(perConnection)).expect("250 ");
            for (int i = 0; i < perConnection; i++) {
                client.expect("553 5.1.7");
            }
        }
        // A message is still taken while the recording hangs.
        connect().send("EHLO erp.example\r\nMAIL FROM:<erp@legacy.example>\r\nRCPT TO:<ann@shop.example>\r\nDATA\r\n"
                + MESSAGE).expectAll("250 ", "250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0 Ok: queued");
        Duration answered = Duration.ofNanos(System.nanoTime() - began);

        assertThat(answered).as("%d refusals and a message, answered while the database hangs", connections * perConnection)
                .isLessThan(Duration.ofSeconds(5));
        assertThat(refusals.recorded()).isEmpty();

        refusals.answerAgain();
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.recorded().size() == connections * perConnection);
        assertThat(refusals.recorded()).extracting(RefusedSubmission::mailFrom).containsOnly("<bad address>");
        assertThat(meters.get(ListenerMetrics.REFUSALS_DROPPED).tag("reason", "queue_full").counter().count()).isZero();
    }

    @Test
    void theRefusalsStillQueuedAreWrittenWhenTheListenerStops() throws IOException {
        start();
        refusals.failWith(new IllegalStateException("database restarting"));
        connect().send("EHLO erp.example\r\nMAIL FROM:nonsense\r\n").expectAll("250 ", "501 5.5.4");
        await().atMost(Duration.ofSeconds(5)).until(() -> !refusals.threads().isEmpty());

        refusals.failWith(null);
        server.stop();

        assertThat(refusals.recorded()).extracting(RefusedSubmission::mailFrom).containsExactly("nonsense");
    }

    private void start() {
        ListenerConfig config = TestListenerConfigs.loopback().maxConnections(50).maxConnectionsPerClient(50)
                .reservedConnections(0).build();
        server = open.start(TestSmtpServers.listener(config).relay(relay).meters(meters).refusals(refusals));
    }

    private SmtpTestClient connect() throws IOException {
        SmtpTestClient client = open.client(server);
        client.expect("220 relay.test");
        return client;
    }
}
