package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.SmtpTestReport;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** "Test connection / send test email": the form, and the report of the last test with its SMTP transcript. */
final class SmtpTestView {
    static final String RECIPIENT = "testRecipient";
    static final String CHAIN_ID = "certificate-chain";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

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
                + "fingerprint (one click selects it), copy it and paste it into Pinned certificates above.", "class", "help");
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
