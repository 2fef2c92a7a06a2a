package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageContent;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What routing needs from the header section of a received message (README, *Pointing a legacy system at it*): every
 * value of the store header, and the display name of {@code From:}; and the {@code Message-ID} that the log names the
 * message by.
 *
 * @param storeHeaderValues trimmed values of every store header field, in order
 * @param fromDisplayName   decoded display name of the first {@code From:} address, {@code null} if none
 * @param messageId         the first {@code Message-ID} field's value as sent (RFC 5322 §3.6.4, e.g.
 *                          {@code <1234@erp.local>}), at most {@link #MAX_MESSAGE_ID} characters; {@code null} if none
 * @param subject           the first {@code Subject} field's value, RFC 2047 words decoded, at most
 *                          {@link #MAX_SUBJECT} characters; {@code null} if none or empty
 */
record MessageHeaders(List<String> storeHeaderValues, String fromDisplayName, String messageId, String subject) {
    /** Longer values are cut: the client's text, kept for the log only (the message itself is not changed). */
    static final int MAX_MESSAGE_ID = 255;
    /** As for the Message-ID: kept for the delivery log and its search, which need its beginning only. */
    static final int MAX_SUBJECT = 255;

    // RFC 5322 §3.6.8: a field name is printable ASCII without space and colon.
    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]+");
    private static final int LF = '\n';

    MessageHeaders {
        storeHeaderValues = List.copyOf(storeHeaderValues);
    }

    /** Reads the header section (up to the first empty line) with names compared case-insensitively. */
    static MessageHeaders scan(MessageContent content, String storeHeaderName) throws IOException {
        List<String> storeValues = new ArrayList<>();
        String displayName = null;
        boolean fromSeen = false;
        String messageId = null;
        String subject = null;
        try (InputStream in = new BufferedInputStream(content.open())) {
            for (String field : unfoldedFields(in)) {
                int colon = field.indexOf(':');
                String name = field.substring(0, colon);
                String value = field.substring(colon + 1).strip();
                if (name.equalsIgnoreCase(storeHeaderName)) {
                    storeValues.add(value);
                } else if (name.equalsIgnoreCase("From") && !fromSeen) {
                    fromSeen = true;
                    displayName = displayName(value);
                } else if (name.equalsIgnoreCase("Message-ID") && messageId == null && !value.isEmpty()) {
                    messageId = value.length() > MAX_MESSAGE_ID ? value.substring(0, MAX_MESSAGE_ID) : value;
                } else if (name.equalsIgnoreCase("Subject") && subject == null) {
                    subject = subject(value);
                }
            }
        }
        return new MessageHeaders(storeValues, displayName, messageId, subject);
    }

    /** RFC 5322 §2.2.3: a line starting with white space continues the field before it; only the CRLF goes. */
    private static List<String> unfoldedFields(InputStream in) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (current != null) {
                    current.append(line);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !FIELD_NAME.matcher(line.substring(0, colon)).matches()) {
                break;                                  // not a header field: the body began without an empty line
            }
            if (current != null) {
                fields.add(current.toString());
            }
            current = new StringBuilder(line);
        }
        if (current != null) {
            fields.add(current.toString());
        }
        return fields;
    }

    /** The next line without its CRLF, {@code null} at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != LF) {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return decode(bytes, length);
    }

    /** UTF-8 (RFC 6532) when it is valid, else Latin-1, which is what old systems tend to send raw. */
    private static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    /** RFC 2047 encoded words decoded, cut to {@link #MAX_SUBJECT} characters; {@code null} when empty. */
    static String subject(String value) {
        String decoded;
        try {
            decoded = MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException | RuntimeException undecodable) {
            decoded = value;                            // the header is the client's text; never fail on it
        }
        decoded = decoded.strip();
        if (decoded.isEmpty()) {
            return null;
        }
        // not in the middle of a surrogate pair: the column takes whole characters
        int end = decoded.offsetByCodePoints(0, Math.min(MAX_SUBJECT, decoded.codePointCount(0, decoded.length())));
        return decoded.substring(0, end);
    }

    /** The personal name of the first address, RFC 2047 words decoded; {@code null} if none or unparsable. */
    static String displayName(String fromValue) {
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(fromValue, false);
            if (addresses.length == 0) {
                return null;
            }
            String personal = addresses[0].getPersonal();
            return personal == null || personal.isBlank() ? null : personal.strip();
        } catch (AddressException | RuntimeException unparsable) {
            return null;                                // the header is the client's text; never fail on it
        }
    }
}
