package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.SmtpTestReport;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
     * The test form.
     *
     * @param error a message about the recipient field, or {@code null}
     */
    static Html section(String unit, AdminSessions.Session session, String recipient, String error) {
        Html h = new Html().open("section", "aria-labelledby", FORM_ID, "class", "test")
                .el("h2", "Test connection / send test email", "id", FORM_ID)
                .el("p", "Connects to the effective server exactly as delivery would: encryption, certificate check "
                        + "and login. With a recipient it also sends a short test email from the outgoing address.");
        if (session.user().canSetup()) {
            h.open("form", "method", "post", "action", action(unit));
            AdminLayout.csrf(h, session).hidden("unit", unit);
            h.open("div", "class", error == null ? "field" : "field has-error")
                    .el("label", "Test recipient (optional)", "for", RECIPIENT);
            if (error != null) {
                h.el("p", error, "class", "error", "id", RECIPIENT + "-error");
            }
            h.open("input", "id", RECIPIENT, "name", RECIPIENT, "type", "email", "value", recipient,
                    "aria-invalid", error == null ? null : "true",
                    "aria-describedby", error == null ? null : RECIPIENT + "-error").close("div");
            h.el("button", "Test connection", "type", "submit").close("form");
        }
        return h.close("section");
    }

    /**
     * The result of the test just run, for the top of the page: its heading is the target of the form's
     * {@code #test-result} and takes the focus ({@code autofocus} on a heading made focusable).
     *
     * @param report {@code null} when the test did not run
     * @param error  why it did not run (the recipient field's error), or {@code null}
     */
    static Html result(SmtpTestReport report, String error) {
        Html h = new Html().open("section", "aria-labelledby", RESULT_ID, "class", "test-result")
                .el("h2", "Connection test result", "id", RESULT_ID, "tabindex", "-1", "autofocus", "autofocus");
        if (report != null) {
            report(h, report);
        } else {
            h.open("p", "class", "notice error", "role", "alert").text("Not tested: " + error + " ")
                    .el("a", "Go to the test recipient field", "href", "#" + RECIPIENT).close("p");
        }
        return h.close("section");
    }

    private static void report(Html h, SmtpTestReport report) {
        h.open("div", "class", report.success() ? "report ok" : "report failed", "role", "status", "id", "test-report")
                .el("p", (report.success() ? "Success: " : "Failed: ") + report.verdict(), "class", "verdict")
                .open("dl")
                .el("dt", "Server").el("dd", report.server() == null ? "none" : report.server())
                .el("dt", "TLS protocol").el("dd", report.tlsProtocol() == null ? "none" : report.tlsProtocol())
                .el("dt", "TLS cipher").el("dd", report.tlsCipher() == null ? "none" : report.tlsCipher())
                .close("dl").el("h3", "Transcript").open("pre", "class", "transcript");
        for (SmtpTestReport.TranscriptLine line : report.transcript()) {
            String direction = line.direction().name();
            h.el("span", String.format("%-6s %s%n", direction, line.text()), "class", direction.toLowerCase(Locale.ROOT));
        }
        h.close("pre");
        chain(h, report);
        h.close("div");
    }

    /**
     * The server's certificates as its handshake presented them, its own first. A fingerprint is selected whole by one
     * click (style {@code user-select: all}), ready to copy into the pinned certificates: no script needed.
     */
    private static void chain(Html h, SmtpTestReport report) {
        if (report.certificateChain().isEmpty()) {
            return;
        }
        h.el("h3", "Certificate chain").el("p", "The server's own certificate first. To pin one, click its SHA-256 "
                + "fingerprint (one click selects it), copy it and paste it into Pinned certificates in the form below.", "class", "help");
        h.open("ol", "class", "chain", "id", CHAIN_ID);
        for (SmtpTestReport.Certificate certificate : report.certificateChain()) {
            h.open("li").open("dl")
                    .el("dt", "Subject").el("dd", certificate.subject())
                    .el("dt", "Issuer").el("dd", certificate.issuer())
                    .el("dt", "Valid from").el("dd", TIME.format(certificate.notBefore()))
                    .el("dt", "Valid until").el("dd", TIME.format(certificate.notAfter()))
                    .el("dt", "SHA-256").open("dd").el("code", certificate.sha256(), "class", "fingerprint").close("dd")
                    .close("dl").close("li");
        }
        h.close("ol");
    }
}
