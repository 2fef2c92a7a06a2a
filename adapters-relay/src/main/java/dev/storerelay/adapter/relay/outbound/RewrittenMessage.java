package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.DataEndGate;
import dev.storerelay.domain.model.RewrittenSender;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPMessage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The submitted message as it goes upstream: a {@code Received:} field on top, the store header (and {@code Bcc})
 * removed, {@code From:} rewritten to the store's address with the original display name, and the body streamed
 * untouched from the queue. It never re-encodes or re-parses the body, so the bytes the client sent are the bytes
 * the upstream gets, and no {@code saveChanges()} can replace the Message-ID.
 */
final class RewrittenMessage extends SMTPMessage {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_HEADER_LINE = 64 * 1024;

    private final MessageContent content;
    private final String receivedHeader;
    private final Set<String> removedHeaders;
    private final String fromHeader;
    private final DataEndGate dataEnd;

    /** @param dataEnd asked once the content is written; if it says no, writing fails with {@link DataEndRefused} */
    RewrittenMessage(Session session, MessageContent content, RewrittenSender sender, String receivedHeader,
                     List<String> removeHeaders, DataEndGate dataEnd) {
        super(session);
        this.dataEnd = dataEnd;
        this.content = content;
        this.receivedHeader = receivedHeader;
        this.removedHeaders = removeHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.fromHeader = "From: " + fromAddress(sender);
        setEnvelopeFrom(sender.envelope().map(a -> a.value()).orElse("<>"));
    }

    private static String fromAddress(RewrittenSender sender) {
        try {
            InternetAddress from = new InternetAddress();
            from.setAddress(sender.fromAddress().value());
            if (sender.displayName().isPresent()) {
                from.setPersonal(sender.displayName().get(), StandardCharsets.UTF_8.name());
            }
            return from.toString();
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    @Override
    public int getSize() {
        return (int) Math.min(Integer.MAX_VALUE, content.size());
    }

    @Override
    public void writeTo(OutputStream out) throws IOException, MessagingException {
        writeTo(out, null);
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
        Set<String> dropped = new HashSet<>(removedHeaders);
        if (ignoreList != null) {
            for (String name : ignoreList) {
                dropped.add(name.toLowerCase(Locale.ROOT));
            }
        }
        try (InputStream raw = new BufferedInputStream(content.open())) {
            writeLine(out, "Received: " + receivedHeader);
            boolean fromWritten = false;
            boolean skipping = false;
            byte[] line;
            String name = null;
            // The header ends at a blank line, at the end of the stream, or at a line that is no header field (a
            // body that began without the blank line).
            while ((line = readLine(raw)) != null && !isEndOfHeader(line)
                    && (isContinuation(line) || (name = fieldName(line)) != null)) {
                if (isContinuation(line)) {
                    if (!skipping) {
                        out.write(line);
                    }
                } else if (name.equals("from")) {
                    skipping = true;
                    if (!fromWritten) {
                        writeLine(out, fromHeader);
                        fromWritten = true;
                    }
                } else {
                    skipping = dropped.contains(name);
                    if (!skipping) {
                        out.write(line);
                    }
                }
            }
            if (!fromWritten) {
                writeLine(out, fromHeader);
            }
            if (line != null) {
                out.write(CRLF);
                if (!isEndOfHeader(line)) {
                    out.write(line);
                }
            }
            raw.transferTo(out);
        }
        // Angus ends the data after this returns; an IOException from here makes it close the connection instead.
        if (!dataEnd.mayEnd()) {
            throw new DataEndRefused();
        }
    }

    /** The message must not be taken on upstream: the transaction is abandoned before the end of its data. */
    static final class DataEndRefused extends IOException {
        DataEndRefused() {
            super("the message is not queued under this id; abandoned before the end of its data");
        }
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
    }

    /** One line including its line end, or null at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n' || line.size() >= MAX_HEADER_LINE) {
                break;
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private static boolean isEndOfHeader(byte[] line) {
        return (line.length == 2 && line[0] == '\r' && line[1] == '\n') || (line.length == 1 && line[0] == '\n');
    }

    private static boolean isContinuation(byte[] line) {
        return line[0] == ' ' || line[0] == '\t';
    }

    /** The lower-cased field name, or null if the line is not a header field (RFC 5322 §2.2: printable ASCII but ':'). */
    private static String fieldName(byte[] line) {
        for (int i = 0; i < line.length; i++) {
            byte b = line[i];
            if (b == ':') {
                return i == 0 ? null : new String(line, 0, i, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
            }
            if (b < 33 || b > 126) {
                return null;
            }
        }
        return null;
    }
}
