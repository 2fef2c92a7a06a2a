package dev.storerelay.adapter.relay.outbound;

import java.util.List;

/**
 * One SMTP reply as the probe read it: the code and the text of each line without the code (RFC 5321 §4.2).
 *
 * @param lines one entry per reply line, at least one
 */
record SmtpProbeReply(int code, List<String> lines) {
    SmtpProbeReply {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    boolean is(int expected) {
        return code == expected;
    }

    boolean isPositiveCompletion() {
        return code / 100 == 2;                    // RFC 5321 §4.2.1: 2yz
    }

    /** The reply on one line, as admins know it from mail logs: "535 5.7.8 Authentication credentials invalid". */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(Integer.toString(code));
        for (String line : lines) {
            if (!line.isBlank()) {
                out.append(' ').append(line.strip());
            }
        }
        return out.toString();
    }

    /** The same reply in a verdict sentence, without a doubled full stop. */
    String quoted() {
        String text = toString();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
