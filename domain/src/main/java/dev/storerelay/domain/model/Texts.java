package dev.storerelay.domain.model;

/** Helpers for putting untrusted text into messages safely. */
public final class Texts {
    private static final int MAX_ECHO = 80;
    private static final String ELLIPSIS = "...";

    private Texts() {
    }

    /** The text with control characters escaped and cut to a readable length, for error messages and replies. */
    public static String printable(String untrusted) {
        if (untrusted == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < untrusted.length() && out.length() < MAX_ECHO; i++) {
            char c = untrusted.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return untrusted.length() > MAX_ECHO ? out + "..." : out.toString();
    }

    /**
     * The text with control characters escaped as {@code \xNN}, in at most {@code maxLength} characters: a longer one
     * is cut and ends in "...", never between the halves of a surrogate pair. What it returns it returns unchanged, so
     * a value stored this way reads back as it was.
     */
    public static String printableAtMost(String untrusted, int maxLength) {
        if (maxLength < ELLIPSIS.length() + 1) {
            throw new IllegalArgumentException("too short to show anything: " + maxLength);
        }
        StringBuilder out = new StringBuilder(Math.min(untrusted.length(), maxLength) + ELLIPSIS.length());
        for (int i = 0; i < untrusted.length(); i++) {
            char c = untrusted.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
            if (out.length() > maxLength) {
                out.setLength(maxLength - ELLIPSIS.length());
                if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
                    out.setLength(out.length() - 1);
                }
                return out.append(ELLIPSIS).toString();
            }
        }
        return out.toString();
    }

    /** Whether the text holds a character that could end a header or an SMTP command line (CR, LF, NUL). */
    public static boolean hasLineBreakOrNul(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return true;
            }
        }
        return false;
    }

    public static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
