package dev.storerelay.domain.model;

import java.util.Objects;

/**
 * What the upstream server (or the attempt to reach it) said about a recipient: an SMTP reply code and its text.
 * Connection, timeout and TLS problems carry no code from the server; they are given code 0.
 */
public record UpstreamReply(int code, String text) {
    public static final int NO_REPLY = 0;
    private static final int MAX_TEXT = 1000;

    public UpstreamReply {
        Objects.requireNonNull(text, "text");
        if (code != NO_REPLY && (code < 200 || code > 599)) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        text = text.replaceAll("[\\r\\n]+", " ").strip();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
    }

    public static UpstreamReply noReply(String reason) {
        return new UpstreamReply(NO_REPLY, reason);
    }

    public boolean isPositive() {
        return code >= 200 && code < 300;
    }

    public boolean isPermanentFailure() {
        return code >= 500;
    }

    @Override
    public String toString() {
        return code == NO_REPLY ? text : code + " " + text;
    }
}
