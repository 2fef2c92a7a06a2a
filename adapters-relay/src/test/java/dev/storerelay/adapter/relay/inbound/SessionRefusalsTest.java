package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.domain.model.RefusedSubmission;
import dev.storerelay.domain.model.RoutingDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each kind of refusal at the door is recorded with what the client had said by then, on a session whose client is
 * remote (not loopback), with blocking calls inline and the recorder's own writer thread.
 */
class SessionRefusalsTest {
    private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    private static final ListenerSecurity NO_PLAIN_TEXT_AUTH = ListenerSecurity.defaults();
    private static final ListenerSecurity PLAIN_TEXT_AUTH = new ListenerSecurity(null, false, true);
    private static final String MESSAGE = "Subject: hi\r\nX-Store-Id: nowhere\r\n\r\nHello\r\n.\r\n";

    private final RecordingRelay relay = new RecordingRelay();
    private final RecordingRefusals refusals = new RecordingRefusals();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RefusalRecorder recorder = TestRefusalRecorders.writingTo(refusals,
            Clock.fixed(NOW, ZoneOffset.UTC), new ListenerMetrics(meters));
    private EmbeddedSession session;

    @AfterEach
    void close() {
        session.close();
        recorder.stop();
    }

    @Test
    void anUnknownStoreAtTheEndOfDataIsRecordedWithTheWholeTransaction() {
        relay.answerWith(command -> new RelayResult.Refused(RoutingDecision.Refusal.UNKNOWN_STORE, "unknown store 'nowhere'"));
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO erp.legacy.example\r\nMAIL FROM:<erp@legacy.example>\r\nRCPT TO:<ann@shop.example>\r\n"
                + "RCPT TO:<bob@shop.example>\r\nDATA\r\n" + MESSAGE);
        assertThat(session.lastLines()).last().asString().startsWith("550 5.1.0");

        assertThat(recorded()).singleElement().isEqualTo(new RefusedSubmission(NOW, "embedded", "erp.legacy.example",
                "erp@legacy.example", List.of("ann@shop.example", "bob@shop.example"),
                new RefusedSubmission.Reply(550, "5.1.0", "unknown store 'nowhere'")));
        assertThat(refusals.threads()).containsOnly("smtp-refusals");
    }

    @Test
    void aClientThatMayNotRelayIsRecordedOnceWithTheSenderItGave() {
        session = open(NO_PLAIN_TEXT_AUTH, false);
        session.send("EHLO far.example\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n");
        assertThat(session.lastLines()).extracting(line -> line.substring(0, 3)).containsExactly("250", "554", "503", "503");

        assertThat(recorded()).as("the 503s only follow from the refused MAIL").singleElement().satisfies(r -> {
            assertThat(r.clientName()).isEqualTo("far.example");
            assertThat(r.mailFrom()).isEqualTo("app@example.com");
            assertThat(r.recipients()).isEmpty();
            assertThat(r.reply()).hasToString("554 5.7.1 Relay access denied: this client may not submit mail here");
        });
    }

    @Test
    void tooBigIsRecordedWhetherSaidUpFrontOrFoundInTheData() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO erp.example\r\nMAIL FROM:<erp@legacy.example> SIZE=999999\r\n"
                + "MAIL FROM:<> SIZE=100\r\nRCPT TO:<ann@shop.example>\r\nDATA\r\n"
                + "Subject: big\r\n\r\n" + "x".repeat(100).concat("\r\n").repeat(30) + ".\r\n");
        assertThat(session.lastLines()).extracting(line -> line.substring(0, 3))
                .containsExactly("250", "552", "250", "250", "354", "552");

        List<RefusedSubmission> recorded = awaitRecorded(2);
        assertThat(recorded.get(0).mailFrom()).isEqualTo("erp@legacy.example");
        assertThat(recorded.get(0).reply().enhancedCode()).isEqualTo("5.3.4");
        assertThat(recorded.get(1).mailFrom()).as("the null reverse-path").isEmpty();
        assertThat(recorded.get(1).recipients()).containsExactly("ann@shop.example");
        assertThat(recorded.get(1).reply().code()).isEqualTo(552);
    }

    @Test
    void badSyntaxIsRecordedAsTheClientWroteIt() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO erp.example\r\nMAIL FROM:<<script>alert(1)</script>@x.example>\r\nMAIL FROM:erp@legacy.example\r\n"
                + "MAIL FROM:<erp@legacy.example>\r\nRCPT TO:<ann@shop.example>\r\nRCPT TO:<not an address>\r\n");
        assertThat(session.lastLines()).extracting(line -> line.substring(0, 3))
                .containsExactly("250", "553", "501", "250", "250", "553");

        List<RefusedSubmission> recorded = awaitRecorded(3);
        assertThat(recorded).extracting(RefusedSubmission::mailFrom)
                .containsExactly("<<script>alert(1)</script>@x.example>", "erp@legacy.example", "erp@legacy.example");
        assertThat(recorded.get(2).recipients()).as("the refused one last").containsExactly("ann@shop.example", "<not an address>");
        assertThat(recorded).extracting(r -> r.reply().code()).containsExactly(553, 501, 553);
    }

    @Test
    void authenticationRequiredIsRecordedAndCredentialsNever() {
        session = open(PLAIN_TEXT_AUTH, false);
        String password = "s3cret pass";
        session.send("EHLO far.example\r\nMAIL FROM:<app@example.com>\r\nAUTH PLAIN "
                + SmtpSessionPolicyTest.plain("", "shop7", password) + "\r\nMAIL FROM:<app@example.com>\r\n");
        assertThat(session.lastLines()).extracting(line -> line.substring(0, 3)).containsExactly("250", "530", "535", "530");

        List<RefusedSubmission> recorded = awaitRecorded(2);
        assertThat(recorded).extracting(r -> r.reply().code()).containsExactly(530, 530);
        assertThat(recorded.toString()).doesNotContain(password, "shop7", SmtpSessionPolicyTest.plain("", "shop7", password));
    }

    @Test
    void aDatabaseThatCouldNotCommitIsRecorded() {
        relay.answerWith(command -> {
            throw new IllegalStateException("database is away");
        });
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO erp.example\r\nMAIL FROM:<erp@legacy.example>\r\nRCPT TO:<ann@shop.example>\r\nDATA\r\n" + MESSAGE);

        assertThat(recorded()).singleElement().satisfies(r -> assertThat(r.reply()).hasToString(
                "451 4.3.0 Requested action aborted: local error in processing"));
    }

    @Test
    void aConnectionHasItsShareRecordedAndTheRestCounted() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO erp.example\r\n" + "MAIL FROM:nonsense\r\n".repeat(SessionRefusals.MAX_PER_CONNECTION + 15));

        awaitRecorded(SessionRefusals.MAX_PER_CONNECTION);
        assertThat(meters.get(ListenerMetrics.REFUSALS_DROPPED).tag("reason", "connection_limit").counter().count())
                .isEqualTo(15);
        assertThat(refusals.recorded()).hasSize(SessionRefusals.MAX_PER_CONNECTION);
    }

    @Test
    void acceptedMailAndRepliesThatAreNoRefusalsAreNotRecorded() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO erp.example\r\nNOOP\r\nFOO\r\nMAIL FROM:<erp@legacy.example>\r\nRCPT TO:<ann@shop.example>\r\n"
                + "DATA\r\n" + MESSAGE + "RSET\r\n");
        assertThat(session.lastLines()).extracting(line -> line.substring(0, 3))
                .containsExactly("250", "250", "500", "250", "250", "354", "250", "250");

        recorder.stop();
        assertThat(refusals.recorded()).isEmpty();
    }

    private EmbeddedSession open(ListenerSecurity security, boolean trusted) {
        recorder.start();
        EmbeddedSession opened = new EmbeddedSession(security, trusted, relay, new FakeRelayCredentials()
                .with("shop7", "right password", "S7"), recorder);
        assertThat(opened.lastLines()).containsExactly("220 relay.test ESMTP store-relay");
        return opened;
    }

    private List<RefusedSubmission> recorded() {
        return awaitRecorded(1);
    }

    private List<RefusedSubmission> awaitRecorded(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> refusals.recorded().size() >= count);
        return refusals.recorded();
    }
}
