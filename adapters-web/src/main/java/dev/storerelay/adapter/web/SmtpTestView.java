package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.SmtpTestReport;
import gg.jte.Content;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * "Test connection / send test email": the form, and the result of the test just run with its SMTP transcript. The
 * result is shown at the top of the page, where the eye is after the page loads, and the form posts to
 * {@code #test-result}, whose heading takes the focus: the browser scrolls to it and a screen reader reads it.
 */
final class SmtpTestView {
    static final String RECIPIENT = "testRecipient";
    static final String CHAIN_ID = "certificate-chain";
    static final String RESULT_ID = "test-result";
    static final String FORM_ID = "test-heading";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private SmtpTestView() {
    }

    /** Where the test form posts: the unit in the address too, so that reloading it by GET can find its way back. */
    static String action(String unit) {
        return AdminLayout.SMTP_SERVER + "/test?unit=" + unit + "#" + RESULT_ID;
    }

    /**
     * The test form ({@code smtpTest.jte}).
     *
     * @param error a message about the recipient field, or {@code null}
     */
    static Content section(String unit, AdminSessions.Session session, String recipient, String error) {
        return Templates.content("smtpTest.jte", Templates.params("unit", unit, "session", session,
                "recipient", recipient, "error", error));
    }

    /** A transcript line: {@code direction} is its class, {@code text} the line as the transcript shows it. */
    record Line(String direction, String text) {
    }

    /** A certificate of the server's chain as the result shows it. */
    record Certificate(String subject, String issuer, String validFrom, String validUntil, String sha256) {
    }

    /**
     * What {@code smtpTestResult.jte} shows: the report, or {@code error} (then the rest is empty). The chain is the
     * server's certificates as its handshake presented them, its own first; a fingerprint is selected whole by one click
     * (style {@code user-select: all}), ready to copy into the pinned certificates: no script needed.
     */
    record Result(String error, boolean success, String verdict, String server, String tlsProtocol, String tlsCipher,
                  List<Line> transcript, List<Certificate> chain) {
    }

    /**
     * The result of the test just run, for the top of the page: its heading is the target of the form's
     * {@code #test-result} and takes the focus ({@code autofocus} on a heading made focusable).
     *
     * @param report {@code null} when the test did not run
     * @param error  why it did not run (the recipient field's error), or {@code null}
     */
    static Content result(SmtpTestReport report, String error) {
        Result result = report == null ? new Result(error, false, null, null, null, null, List.of(), List.of())
                : new Result(null, report.success(), (report.success() ? "Success: " : "Failed: ") + report.verdict(),
                        report.server() == null ? "none" : report.server(),
                        report.tlsProtocol() == null ? "none" : report.tlsProtocol(),
                        report.tlsCipher() == null ? "none" : report.tlsCipher(),
                        report.transcript().stream().map(line -> new Line(
                                line.direction().name().toLowerCase(Locale.ROOT),
                                String.format("%-6s %s%n", line.direction().name(), line.text()))).toList(),
                        report.certificateChain().stream().map(c -> new Certificate(c.subject(), c.issuer(),
                                TIME.format(c.notBefore()), TIME.format(c.notAfter()), c.sha256())).toList());
        return Templates.content("smtpTestResult.jte", Templates.params("result", result));
    }
}
