package dev.storerelay.domain.policy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Received:} trace header the relay adds to every message it forwards (RFC 5321 §4.4). */
public final class TraceHeader {
    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int MAX_CLIENT_NAME = 100;

    private TraceHeader() {
    }

    /**
     * The header field value (without the {@code Received:} name).
     *
     * @param clientName    the name the client gave in EHLO/HELO; untrusted, so it is cleaned
     * @param clientAddress the client's IP address
     * @param relayHost     this relay's host name
     * @param queueId       the relay's id of the message
     */
    public static String received(String clientName, String clientAddress, String relayHost, String queueId, Instant at) {
        return "from " + clean(clientName) + " (" + clean(clientAddress) + ")"
                + " by " + clean(relayHost) + " (store-relay) with ESMTP id " + clean(queueId)
                + "; " + RFC_5322_DATE.format(at);
    }

    // The client chose this text: CR or LF in it would let it forge header fields after ours, and ';' or
    // parentheses would confuse parsers of the trace.
    private static String clean(String untrusted) {
        if (untrusted == null || untrusted.isBlank()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < untrusted.length() && out.length() < MAX_CLIENT_NAME; i++) {
            char c = untrusted.charAt(i);
            boolean safe = c > 0x20 && c < 0x7f && c != ';' && c != '(' && c != ')' && c != '\\';
            out.append(safe ? c : '_');
        }
        return out.toString();
    }
}
