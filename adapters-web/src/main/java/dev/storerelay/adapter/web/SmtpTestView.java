package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.SmtpTestReport;

/** "Test connection / send test email": the form, and the report of the last test with its SMTP transcript. */
final class SmtpTestView {
    static final String RECIPIENT = "testRecipient";

    private SmtpTestView() {
    }

    /**
     * @param report {@code null} before a test ran
     * @param error  a message about the recipient field, or {@code null}
     */
    static Html section(String unit, AdminSessions.Session session, String recipient, String error, SmtpTestReport report) {
        Html h = new Html().open("section", "aria-labelledby", "test-heading", "class", "test")
                .el("h2", "Test connection / send test email", "id", "test-heading")
                .el("p", "Connects to the effective server exactly as delivery would: encryption, certificate check "
                        + "and login. With a recipient it also sends a short test email from the outgoing address.");
        if (session.user().canSetup()) {
            h.open("form", "method", "post", "action", AdminLayout.SMTP_SERVER + "/test");
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
        if (report != null) {
            report(h, report);
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
            h.el("span", String.format("%-6s %s%n", direction, line.text()), "class", direction.toLowerCase(java.util.Locale.ROOT));
        }
        h.close("pre").close("div");
    }
}
