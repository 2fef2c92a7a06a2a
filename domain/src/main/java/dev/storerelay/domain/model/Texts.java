package dev.storerelay.domain.model;

/** Helpers for putting untrusted text into messages safely. */
public final class Texts {
    private static final int MAX_ECHO = 80;

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
