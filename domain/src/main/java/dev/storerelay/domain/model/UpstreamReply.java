package dev.storerelay.domain.model;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the upstream server (or the attempt to reach it) said about a recipient: an SMTP reply code and its text.
 * Connection, timeout and TLS problems carry no code from the server; they are given code 0.
 */
public record UpstreamReply(int code, String text) {
    public static final int NO_REPLY = 0;
    private static final int MAX_TEXT = 1000;
    private static final Pattern SHOWN_WITH_CODE = Pattern.compile("([2-5]\\d\\d)(?: (.*))?", Pattern.DOTALL);

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

    /**
     * The reply again from the way {@link #toString()} shows it, as the delivery log keeps it: a leading SMTP code
     * followed by a space (or nothing) is the code, anything else is a reason without one.
     */
    public static UpstreamReply fromShown(String shown) {
        Objects.requireNonNull(shown, "shown");
        Matcher withCode = SHOWN_WITH_CODE.matcher(shown.strip());
        if (withCode.matches()) {
            return new UpstreamReply(Integer.parseInt(withCode.group(1)), withCode.group(2) == null ? "" : withCode.group(2));
        }
        return noReply(shown);
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
