package dev.storerelay.adapter.relay.inbound;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.DefaultSmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpResponseEncoderTest {

    @Test
    void singleLineReply() {
        assertThat(encode(Replies.OK)).isEqualTo("250 2.0.0 Ok\r\n");
    }

    @Test
    void multiLineReplyMarksEveryLineButTheLastWithADash() {
        assertThat(encode(Replies.ehlo("relay.test", "client", 1000, true, true))).isEqualTo(
                "250-relay.test greets client\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-8BITMIME\r\n"
                        + "250-SMTPUTF8\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 ENHANCEDSTATUSCODES\r\n");
    }

    @Test
    void emptyChallengeKeepsTheSpaceAfterTheCode() {
        assertThat(encode(Replies.challenge(""))).isEqualTo("334 \r\n");
    }

    @Test
    void lineBreaksAndEightBitTextInAReplyCannotForgeAnotherLine() {
        assertThat(encode(new DefaultSmtpResponse(550, "5.1.0 unknown\r\n250 2.0.0 Ok ü")))
                .isEqualTo("550 5.1.0 unknown  250 2.0.0 Ok ?\r\n");
    }

    private static String encode(SmtpResponse response) {
        EmbeddedChannel channel = new EmbeddedChannel(new SmtpResponseEncoder());
        channel.writeOutbound(response);
        ByteBuf out = channel.readOutbound();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
            channel.finishAndReleaseAll();
        }
    }
}
