package dev.storerelay.adapter.relay.inbound;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.smtp.SmtpResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes a reply as RFC 5321 §4.2 lines: {@code 250-first}, ..., {@code 250 last}. Stateless, so shared. */
@ChannelHandler.Sharable
final class SmtpResponseEncoder extends MessageToByteEncoder<SmtpResponse> {
    /** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including code, separator and CRLF. */
    private static final int MAX_TEXT = 512 - 4 - 2;
    private static final byte[] CRLF = {'\r', '\n'};

    SmtpResponseEncoder() {
        super(SmtpResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SmtpResponse response, ByteBuf out) {
        String code = Integer.toString(response.code());
        List<CharSequence> lines = response.details();
        if (lines.isEmpty()) {
            out.writeCharSequence(code, StandardCharsets.US_ASCII);
            out.writeBytes(CRLF);
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            out.writeCharSequence(code, StandardCharsets.US_ASCII);
            out.writeByte(i == lines.size() - 1 ? ' ' : '-');
            out.writeCharSequence(printable(lines.get(i)), StandardCharsets.US_ASCII);
            out.writeBytes(CRLF);
        }
    }

    /**
     * Reply texts can carry text from elsewhere (a refusal's explanation); a CR or LF in them would forge a reply
     * line, and 8-bit text is not allowed without SMTPUTF8.
     */
    static String printable(CharSequence text) {
        int length = Math.min(text.length(), MAX_TEXT);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : c == '\t' || c == '\r' || c == '\n' ? ' ' : '?');
        }
        return out.toString();
    }
}
