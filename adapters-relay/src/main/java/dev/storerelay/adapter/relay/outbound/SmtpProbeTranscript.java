package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The conversation of one connection test, in order, as the admin will see it. AUTH lines are written masked by
 * the caller; on top of that every line (and the verdict) has the password removed wherever it shows, in clear or
 * in Base64, because a server may echo what it got and an exception may quote it (DESIGN §2: never shown).
 */
final class SmtpProbeTranscript {
    static final String MASK = "********";
    /** A hostile or broken server cannot flood the admin page. */
    private static final int MAX_LINE_LENGTH = 1000;

    private final List<String> secrets = new ArrayList<>();
    private final List<TranscriptLine> lines = new ArrayList<>();

    /** @param password the login's password, or {@code null} without login */
    SmtpProbeTranscript(String password) {
        if (password != null) {
            secrets.add(password);
            secrets.add(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
        }
    }

    void client(String line) {
        add(Direction.CLIENT, line);
    }

    void server(String line) {
        add(Direction.SERVER, line);
    }

    void note(String text) {
        add(Direction.NOTE, text);
    }

    /** The text with every secret replaced by the mask and control characters made visible. */
    String redact(String text) {
        String safe = text;
        for (String secret : secrets) {
            safe = safe.replace(secret, MASK);
        }
        StringBuilder out = new StringBuilder(safe.length());
        safe.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.length() > MAX_LINE_LENGTH ? out.substring(0, MAX_LINE_LENGTH) + "…" : out.toString();
    }

    List<TranscriptLine> lines() {
        return List.copyOf(lines);
    }

    private void add(Direction direction, String text) {
        lines.add(new TranscriptLine(direction, redact(text)));
    }
}
