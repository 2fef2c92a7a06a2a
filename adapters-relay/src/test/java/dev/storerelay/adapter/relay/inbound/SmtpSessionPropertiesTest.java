package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerSecurity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole session (decoder, state machine, AUTH, replies) on random dialogues: nothing escapes, every command
 * line gets exactly one well-formed reply (message text none until its end), and undecoded input stays bounded.
 */
class SmtpSessionPropertiesTest {
    private static final Pattern REPLY_LINE = Pattern.compile("[2-5][0-9]{2}([ -][\\x20-\\x7e]*)?");
    private static final String GOOD_PLAIN = SmtpSessionPolicyTest.plain("", "shop7", "pw");
    private static final List<String> LINES = List.of("EHLO a.example", "HELO a", "EHLO", "MAIL FROM:<a@b.example>",
            "MAIL FROM:<> SIZE=10 BODY=8BITMIME SMTPUTF8", "MAIL FROM:<a@b.example> SIZE=999999999", "MAIL FROM:<jö@b.example>",
            "RCPT TO:<c@d.example>", "RCPT TO:<e@f.example>", "RCPT TO:<bad>", "DATA", "DATA x", "RSET", "NOOP", "HELP",
            "VRFY x", "EXPN x", "QUIT", "AUTH PLAIN " + GOOD_PLAIN, "AUTH PLAIN " + SmtpSessionPolicyTest.plain("", "shop7", "no"),
            "AUTH PLAIN", "AUTH LOGIN", "AUTH LOGIN c2hvcDc=", "cHc=", "*", "!!!", "STARTTLS", "BDAT 10", ".", "..", ".x",
            "Subject: x", "", "NO\u0000OP", "x".repeat(600), "z".repeat(1_100));

    static Stream<Long> seeds() {
        return RandomInputs.seeds(300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyCommandLineGetsExactlyOneReply(long seed) {
        Random random = new Random(seed);
        List<String> lines = RandomInputs.tokens(random, LINES, 3, 40, 30);
        boolean trusted = random.nextBoolean();
        try (EmbeddedSession session = new EmbeddedSession(new ListenerSecurity(null, false, true), trusted,
                new RecordingRelay(), new FakeRelayCredentials().with("shop7", "pw", "S7"))) {
            assertThat(session.lastLines()).singleElement().asString().startsWith("220 ");
            boolean inData = false;
            for (String line : lines) {
                if (!session.isOpen()) {
                    break;
                }
                session.send(line + "\r\n");
                List<String> replies = session.replies();
                if (inData && !".".equals(line)) {
                    assertThat(replies).as("replies to message text %s", line).isEmpty();
                } else {
                    assertThat(replies).as("replies to %s", line).hasSize(1);
                    assertWellFormed(replies.get(0));
                    inData = replies.get(0).startsWith("354");
                }
                assertThat(session.bufferedBytes()).isLessThanOrEqualTo(TestDecoders.MAX_TEXT_LINE);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomBytesNeverBreakTheSession(long seed) {
        Random random = new Random(seed);
        boolean trusted = random.nextBoolean();
        try (EmbeddedSession session = new EmbeddedSession(new ListenerSecurity(null, false, true), trusted,
                new RecordingRelay(), new FakeRelayCredentials().with("shop7", "pw", "S7"))) {
            session.send("EHLO a\r\n");
            int packets = random.nextInt(21);
            for (int i = 0; i < packets; i++) {
                session.send(RandomInputs.bytes(random, 700));   // checkException: nothing reached the pipeline's end
                session.replies().forEach(SmtpSessionPropertiesTest::assertWellFormed);
                assertThat(session.bufferedBytes()).isLessThanOrEqualTo(TestDecoders.MAX_TEXT_LINE);
            }
        }
    }

    private static void assertWellFormed(String reply) {
        for (String line : reply.split("\n")) {
            assertThat(line).matches(REPLY_LINE);
        }
    }
}
