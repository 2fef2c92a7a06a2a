package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import org.eclipse.angus.mail.util.TraceInputStream;
import org.eclipse.angus.mail.util.TraceOutputStream;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The conversation of one connection test, in order, as the admin will see it: Angus Mail's protocol trace of the
 * test's own session ({@link #angusTrace()}) turned into client and server lines, with the test's notes between.
 *
 * <p>Every AUTH payload is masked: the initial response on the AUTH line ({@code AUTH XOAUTH2 ********}) and every
 * line the client sends until the server's final reply (LOGIN's user and password, answers to 334 challenges). On top
 * of that every line (and the verdict) has each secret removed wherever it shows, in clear or in Base64, because a
 * server may echo what it got and an exception may quote it (README, *Security*: never shown).
 */
final class SmtpProbeTranscript {
    static final String MASK = "********";
    /** A hostile or broken server cannot flood the admin page. */
    private static final int MAX_LINE_LENGTH = 1000;
    private static final String FROM_SERVER = TraceInputStream.class.getName();
    private static final String TO_SERVER = TraceOutputStream.class.getName();
    private static final StackWalker STACK = StackWalker.getInstance();

    private final List<String> secrets = new ArrayList<>();
    private final List<TranscriptLine> lines = new ArrayList<>();
    private boolean inAuth;
    private boolean dataSent;
    private boolean inData;
    private String lastCommand;
    private String lastReply;
    private String offeredAuth;
    private final Set<String> offered = new HashSet<>();
    /** Lines of the current EHLO reply so far; -1 outside one. */
    private int ehloLines = -1;

    /** @param password the login's password, or {@code null} without one */
    SmtpProbeTranscript(String password) {
        if (password != null) {
            secret(password);
        }
    }

    /** Another secret never to show, e.g. an access token once it is known. */
    synchronized void secret(String value) {
        secrets.add(value);
        secrets.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The debug stream for the test's Angus session. Angus writes its protocol trace and its own remarks to one
     * stream; which side a trace line comes from shows in who is writing it (Angus's trace streams for what it reads
     * and what it sends). Its remarks and stack traces are left out: the test writes its own notes.
     */
    PrintStream angusTrace() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                String writer = STACK.walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                        .filter(name -> name.equals(FROM_SERVER) || name.equals(TO_SERVER)).findFirst().orElse(null));
                if (FROM_SERVER.equals(writer)) {
                    server(line);
                } else if (TO_SERVER.equals(writer)) {
                    client(line);
                }
            }
        };
    }

    synchronized void client(String line) {
        String shown = line;
        if (inData) {
            inData = !line.equals(".");
        } else if (inAuth) {
            shown = MASK;
        } else if (line.regionMatches(true, 0, "AUTH ", 0, 5)) {
            inAuth = true;
            String[] words = line.split(" ", 3);
            shown = words.length == 3 ? words[0] + " " + words[1] + " " + MASK : line;
        } else {
            dataSent = line.equalsIgnoreCase("DATA");
            if (line.regionMatches(true, 0, "EHLO ", 0, 5)) {
                offered.clear();                             // RFC 3207 §4.2: after TLS, only the new answer counts
                offeredAuth = null;
                ehloLines = 0;
            }
        }
        if (!inData || line.equals(".")) {
            lastCommand = shown;
        }
        add(Direction.CLIENT, shown);
    }

    synchronized void server(String line) {
        boolean last = line.length() < 4 || line.charAt(3) != '-';
        if (ehloLines >= 0 && ehloLines++ > 0 && line.startsWith("250") && line.length() > 4) {
            // after the greeting line, each line of the EHLO reply is a keyword with its parameters
            String[] keyword = line.substring(4).strip().split("[ =]", 2);
            offered.add(keyword[0].toUpperCase(Locale.ROOT));
            if (keyword[0].equalsIgnoreCase("AUTH") && keyword.length > 1) {
                offeredAuth = keyword[1].strip();
            }
        }
        if (last) {
            ehloLines = -1;
            lastReply = line;
            if (inAuth && !line.startsWith("334")) {
                inAuth = false;
            }
            if (dataSent) {
                dataSent = false;
                inData = line.startsWith("354");
            }
        }
        add(Direction.SERVER, line);
    }

    synchronized void note(String text) {
        add(Direction.NOTE, text);
    }

    /** The last command sent as the transcript shows it, or {@code null} before the first. */
    synchronized String lastCommand() {
        return lastCommand;
    }

    /** The last (or only) line of the server's last reply, or {@code null} before the first. */
    synchronized String lastReply() {
        return lastReply;
    }

    /** The SASL mechanisms the server's last EHLO reply offered, e.g. "PLAIN LOGIN", or {@code null}. */
    synchronized String offeredAuth() {
        return offeredAuth;
    }

    /** Whether the server's last EHLO reply offered the extension, e.g. {@code STARTTLS}. */
    synchronized boolean offers(String keyword) {
        return offered.contains(keyword);
    }

    /** Whether the last command was STARTTLS and the server agreed: a failure now is the TLS handshake's. */
    synchronized boolean startTlsAgreed() {
        return lastCommand != null && lastCommand.toUpperCase(Locale.ROOT).equals("STARTTLS")
                && lastReply != null && lastReply.startsWith("220");
    }

    /** The text with every secret replaced by the mask and control characters made visible. */
    synchronized String redact(String text) {
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

    synchronized List<TranscriptLine> lines() {
        return List.copyOf(lines);
    }

    private void add(Direction direction, String text) {
        lines.add(new TranscriptLine(direction, redact(text)));
    }
}
