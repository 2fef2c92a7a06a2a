package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may submit and SMTP AUTH, on a session whose client is remote (not loopback), with blocking calls inline.
 * Each batch is sent as one packet, as a pipelining client would.
 */
class SmtpSessionPolicyTest {
    private static final ListenerSecurity NO_PLAIN_TEXT_AUTH = ListenerSecurity.defaults();
    private static final ListenerSecurity PLAIN_TEXT_AUTH = new ListenerSecurity(null, false, true);
    private static final ListenerSecurity AUTH_REQUIRED = new ListenerSecurity(null, true, true);
    private static final String MESSAGE = "Subject: hi\r\n\r\nHello\r\n.\r\n";

    private final RecordingRelay relay = new RecordingRelay();
    private final FakeRelayCredentials credentials = new FakeRelayCredentials().with("shop7", "s3cret pass", "S7");
    private EmbeddedSession session;

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void remoteClientThatMayNotSubmitAndCannotAuthenticateIsDeniedAtMail() {
        session = open(NO_PLAIN_TEXT_AUTH, false);
        assertThat(session.send("EHLO far.example\r\n").replies()).singleElement().asString()
                .doesNotContain("AUTH").doesNotContain("STARTTLS");
        session.send("MAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\nAUTH PLAIN x\r\n");
        assertThat(session.lastLines()).satisfiesExactly(
                mail -> assertThat(mail).startsWith("554 5.7.1"),
                rcpt -> assertThat(rcpt).startsWith("503 5.5.1"),
                data -> assertThat(data).startsWith("503 5.5.1"),
                auth -> assertThat(auth).startsWith("502 5.5.1"));
        assertThat(relay.commands()).isEmpty();
    }

    @Test
    void trustedRemoteClientSubmitsWithoutAuthenticating() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO near.example\r\nMAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n" + MESSAGE);
        assertThat(session.lastLines()).extracting(line -> line.substring(0, 3))
                .containsExactly("250", "250", "250", "354", "250");
        assertThat(relay.commands()).singleElement().satisfies(c -> assertThat(c.authenticatedUnit()).isNull());
    }

    @Test
    void clientThatCanAuthenticateIsAskedToAndItsUnitReachesTheUseCase() {
        session = open(PLAIN_TEXT_AUTH, false);
        assertThat(session.send("EHLO far.example\r\n").replies()).singleElement().asString().contains("\n250-AUTH PLAIN LOGIN\n");
        session.send("MAIL FROM:<app@example.com>\r\nAUTH PLAIN " + plain("", "shop7", "s3cret pass") + "\r\n"
                + "MAIL FROM:<app@example.com>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n" + MESSAGE);
        assertThat(session.lastLines()).satisfiesExactly(
                mail -> assertThat(mail).startsWith("530 5.7.0 Authentication required"),
                auth -> assertThat(auth).isEqualTo("235 2.7.0 Authentication successful"),
                mail -> assertThat(mail).startsWith("250 2.1.0"),
                rcpt -> assertThat(rcpt).startsWith("250 2.1.5"),
                data -> assertThat(data).startsWith("354"),
                queued -> assertThat(queued).startsWith("250 2.0.0"));
        assertThat(relay.commands()).singleElement()
                .satisfies(c -> assertThat(c.authenticatedUnit()).isEqualTo(UnitId.of("S7")));
    }

    @Test
    void requiredAuthenticationAppliesToTrustedClientsToo() {
        session = open(AUTH_REQUIRED, true);
        session.send("EHLO near.example\r\nMAIL FROM:<app@example.com>\r\n");
        assertThat(session.lastLines()).last().asString().startsWith("530 5.7.0");
    }

    @Test
    void authenticationSurvivesRsetAndAnotherEhlo() {
        session = open(AUTH_REQUIRED, false);
        session.send("EHLO a\r\nAUTH PLAIN " + plain("shop7", "shop7", "s3cret pass") + "\r\nRSET\r\nEHLO b\r\n"
                + "MAIL FROM:<app@example.com>\r\n");
        assertThat(session.lastLines()).last().asString().startsWith("250 2.1.0");
    }

    @Test
    void loginMechanismAsksForUserNameAndPassword() {
        session = open(PLAIN_TEXT_AUTH, false);
        session.send("EHLO a\r\nAUTH LOGIN\r\n");
        assertThat(session.lastLines()).last().isEqualTo("334 VXNlcm5hbWU6");
        session.send(base64("shop7") + "\r\n");
        assertThat(session.lastLines()).containsExactly("334 UGFzc3dvcmQ6");
        session.send(base64("s3cret pass") + "\r\nMAIL FROM:<app@example.com>\r\n");
        assertThat(session.lastLines()).containsExactly("235 2.7.0 Authentication successful", "250 2.1.0 Ok");
    }

    @Test
    void loginWithUserNameAsInitialResponse() {
        session = open(PLAIN_TEXT_AUTH, false);
        session.send("EHLO a\r\nAUTH LOGIN " + base64("shop7") + "\r\n" + base64("s3cret pass") + "\r\n");
        assertThat(session.lastLines()).containsExactly("250 ENHANCEDSTATUSCODES", "334 UGFzc3dvcmQ6",
                "235 2.7.0 Authentication successful");
    }

    @Test
    void plainWithoutInitialResponseGetsAnEmptyChallenge() {
        session = open(PLAIN_TEXT_AUTH, false);
        session.send("EHLO a\r\nAUTH plain\r\n");
        assertThat(session.lastLines()).last().isEqualTo("334 ");
        session.send(plain("", "shop7", "s3cret pass") + "\r\n");
        assertThat(session.lastLines()).containsExactly("235 2.7.0 Authentication successful");
    }

    @Test
    void protocolErrorsOfAuth() {
        session = open(PLAIN_TEXT_AUTH, false);
        session.send("AUTH PLAIN x\r\nHELO a\r\nAUTH PLAIN x\r\nEHLO a\r\nAUTH\r\nAUTH CRAM-MD5\r\nAUTH PLAIN !!!\r\n"
                + "AUTH LOGIN\r\n*\r\nAUTH PLAIN " + plain("other", "shop7", "s3cret pass") + "\r\n");
        assertThat(session.lastLines()).satisfiesExactly(
                beforeEhlo -> assertThat(beforeEhlo).startsWith("503 5.5.1"),
                helo -> assertThat(helo).startsWith("250 relay.test"),
                afterHelo -> assertThat(afterHelo).startsWith("503 5.5.1"),
                ehlo -> assertThat(ehlo).startsWith("250 ENHANCEDSTATUSCODES"),
                noMechanism -> assertThat(noMechanism).startsWith("501 5.5.4"),
                unknown -> assertThat(unknown).startsWith("504 5.5.4"),
                badBase64 -> assertThat(badBase64).startsWith("501 5.5.2"),
                challenge -> assertThat(challenge).startsWith("334 "),
                cancelled -> assertThat(cancelled).startsWith("501 5.0.0"),
                otherIdentity -> assertThat(otherIdentity).startsWith("535 5.7.8"));
        session.send("AUTH PLAIN " + plain("", "shop7", "s3cret pass") + "\r\nAUTH PLAIN x\r\n");
        assertThat(session.lastLines()).containsExactly("235 2.7.0 Authentication successful", "503 5.5.1 Already authenticated");
    }

    @Test
    void authIsRefusedDuringATransaction() {
        session = open(PLAIN_TEXT_AUTH, true);
        session.send("EHLO a\r\nMAIL FROM:<app@example.com>\r\nAUTH PLAIN " + plain("", "shop7", "s3cret pass") + "\r\n");
        assertThat(session.lastLines()).last().asString().startsWith("503 5.5.1 AUTH is not allowed during");
    }

    @Test
    void thirdFailedAttemptClosesTheConnection() {
        session = open(PLAIN_TEXT_AUTH, false);
        String wrong = "AUTH PLAIN " + plain("", "shop7", "wrong") + "\r\n";
        session.send("EHLO a\r\n" + wrong + wrong);
        assertThat(session.lastLines()).containsExactly("250 ENHANCEDSTATUSCODES", "535 5.7.8 Authentication credentials invalid",
                "535 5.7.8 Authentication credentials invalid");
        assertThat(session.isOpen()).isTrue();
        session.send(wrong + "NOOP\r\n");
        assertThat(session.lastLines()).containsExactly("421 4.7.0 Too many failed authentication attempts, closing connection");
        assertThat(session.isOpen()).isFalse();
        assertThat(credentials.attempts()).containsExactly("shop7", "shop7", "shop7");
    }

    @Test
    void tooLongAuthAnswerEndsTheExchangeAndCommandsAreReadAgain() {
        session = open(PLAIN_TEXT_AUTH, false);
        session.send("EHLO a\r\nAUTH PLAIN\r\n" + "A".repeat(600) + "\r\nNOOP\r\n");
        assertThat(session.lastLines()).containsExactly("250 ENHANCEDSTATUSCODES", "334 ",
                "500 5.5.2 Line too long (limit 512 octets)", "250 2.0.0 Ok");
    }

    @Test
    void nulInACommandIsRefusedAndTheSessionGoesOn() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO a\r\nNO\u0000OP\r\nMAIL FROM:<a\u0000@example.com>\r\nNOOP\r\n");
        assertThat(session.lastLines()).containsExactly("250 ENHANCEDSTATUSCODES", "500 5.5.2 NUL character in command line",
                "500 5.5.2 NUL character in command line", "250 2.0.0 Ok");
    }

    @Test
    void aTransactionWithSmtpUtf8CarriesInternationalizedAddressesToTheUseCase() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        assertThat(session.send("EHLO a\r\n").replies()).singleElement().asString().contains("\n250-SMTPUTF8\n");
        session.send("MAIL FROM:<jörg@bäckerei.example> SMTPUTF8\r\nRCPT TO:<kunde@bäckerei.example>\r\n"
                + "RCPT TO:<x@example.org>\r\nRCPT TO:<用户@例子.广告>\r\nDATA\r\n" + MESSAGE);
        assertThat(session.lastLines()).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok",
                "354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as 1");
        assertThat(relay.commands()).singleElement().satisfies(command -> {
            assertThat(command.envelopeSender().value()).isEqualTo("jörg@bäckerei.example");
            assertThat(command.recipients()).extracting(r -> r.value())
                    .containsExactly("kunde@bäckerei.example", "x@example.org", "用户@例子.广告");
        });
    }

    @Test
    void withoutSmtpUtf8ANonAsciiAddressIsRefusedWith553And567() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO a\r\nMAIL FROM:<jörg@example.com>\r\nMAIL FROM:<app@example.com> BODY=8BITMIME\r\n"
                + "RCPT TO:<kunde@bäckerei.example>\r\nRCPT TO:<x@example.org>\r\nMAIL FROM:<a@example.com> SMTPUTF8=yes\r\n"
                + "RSET\r\nMAIL FROM:<jörg@example.com> SMTPUTF8=yes\r\n");
        assertThat(session.lastLines()).containsExactly("250 ENHANCEDSTATUSCODES",
                "553 5.6.7 Non-ASCII addresses not permitted for that sender", "250 2.1.0 Ok",
                "553 5.6.7 Non-ASCII addresses not permitted for that recipient", "250 2.1.5 Ok",
                "503 5.5.1 Nested MAIL command", "250 2.0.0 Ok",
                "501 5.5.4 Syntax: MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8]");
    }

    @Test
    void evenWithSmtpUtf8AddressesMustBeValidUtf8WithoutInvisibleCharacters() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO a\r\n");
        session.send(bytes("MAIL FROM:<j", 0xC3, 'r', "g@example.com> SMTPUTF8\r\n"));          // 0xC3 0x72 is not UTF-8
        session.send("MAIL FROM:<jörg\u0085@example.com> SMTPUTF8\r\nMAIL FROM:<jörg@bäcker\u200Bei.example> SMTPUTF8\r\n"
                + "MAIL FROM:<jörg@example.com> SMTPUTF8\r\nRCPT TO:<k\u202Eunde@example.com>\r\n"
                + "RCPT TO:<kunde@bäckerei..example>\r\nRCPT TO:<kunde\uFFFD@example.com>\r\nDATA\r\n");
        assertThat(session.lastLines()).containsExactly("250 ENHANCEDSTATUSCODES", "553 5.1.7 Invalid sender address",
                "553 5.1.7 Invalid sender address", "553 5.1.7 Invalid sender address", "250 2.1.0 Ok",
                "553 5.1.3 Invalid recipient address", "553 5.1.3 Invalid recipient address",
                "553 5.1.3 Invalid recipient address", "554 5.5.1 No valid recipients");
        assertThat(relay.commands()).isEmpty();
    }

    private static byte[] bytes(String before, int first, int second, String after) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.write(first);
        out.write(second);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void eightBitAndNulInMessageTextArePassedOn() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        byte[] text = "Subject: x\r\n\r\nGr\u00fc\u00dfe \u0000 ok\r\n.\r\n".getBytes(StandardCharsets.UTF_8);
        session.send("EHLO a\r\nMAIL FROM:<app@example.com> BODY=8BITMIME\r\nRCPT TO:<x@example.org>\r\nDATA\r\n").send(text);
        assertThat(session.lastLines()).last().asString().startsWith("250 2.0.0");
        assertThat(RecordingRelay.text(relay.commands().get(0))).isEqualTo("Subject: x\r\n\r\nGrüße \u0000 ok\r\n");
    }

    @Test
    void mailAcceptsTheAuthParameterOfRfc4954() {
        session = open(NO_PLAIN_TEXT_AUTH, true);
        session.send("EHLO a\r\nMAIL FROM:<app@example.com> AUTH=<>\r\nRSET\r\nMAIL FROM:<app@example.com> AUTH=e+3Dmc2@example.com\r\n");
        assertThat(session.lastLines()).containsExactly("250 ENHANCEDSTATUSCODES", "250 2.1.0 Ok", "250 2.0.0 Ok", "250 2.1.0 Ok");
    }

    private EmbeddedSession open(ListenerSecurity security, boolean trusted) {
        EmbeddedSession opened = new EmbeddedSession(security, trusted, relay, credentials);
        assertThat(opened.lastLines()).containsExactly("220 relay.test ESMTP store-relay");
        return opened;
    }

    static String plain(String authzid, String user, String password) {
        return base64(authzid + "\u0000" + user + "\u0000" + password);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
