package dev.storerelay.adapter.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UnitId;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /api/units/{id}/smtp/test}: connect, TLS and log in against the unit's effective server. */
final class SmtpTestRoutes {
    static final String TO = "to";

    private final TestSmtpConnectionUseCase tester;
    private final JsonBodies bodies;

    SmtpTestRoutes(TestSmtpConnectionUseCase tester, JsonBodies bodies) {
        this.tester = tester;
        this.bodies = bodies;
    }

    /** The body is optional: none (or {@code {}}) tests the connection; {@code {"to": "..."}} also sends a test mail. */
    void test(Context ctx) {
        UnitId unit = PathParams.unitId(ctx);
        EmailAddress to = null;
        if (!ctx.body().isBlank()) {
            ObjectNode body = bodies.object(ctx, Set.of(TO));
            Map<String, String> errors = new LinkedHashMap<>();
            String text = JsonBodies.text(body, TO, errors);
            if (text != null && !text.isEmpty()) {
                if (EmailAddress.isValid(text)) {
                    to = new EmailAddress(text);
                } else {
                    errors.put(TO, "Enter an email address, or leave it out to test the connection only.");
                }
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
        }
        SmtpTestReport report = tester.test(unit, to).orElseThrow(() -> ApiException.notFound("unit " + unit));
        ctx.json(ReportJson.of(report));
    }

    /** The report as JSON; the transcript is already masked by the use case. */
    record ReportJson(boolean success, String verdict, String server, String tlsProtocol, String tlsCipher,
                      List<LineJson> transcript, List<CertificateJson> certificateChain) {
        static ReportJson of(SmtpTestReport r) {
            return new ReportJson(r.success(), r.verdict(), r.server(), r.tlsProtocol(), r.tlsCipher(),
                    r.transcript().stream().map(l -> new LineJson(l.direction().name(), l.text())).toList(),
                    r.certificateChain().stream().map(CertificateJson::of).toList());
        }
    }

    /** One certificate of the server's chain; {@code sha256} is the form a unit's pinned certificate is entered in. */
    record CertificateJson(String subject, String issuer, String notBefore, String notAfter, String sha256) {
        static CertificateJson of(SmtpTestReport.Certificate c) {
            return new CertificateJson(c.subject(), c.issuer(), c.notBefore().toString(), c.notAfter().toString(), c.sha256());
        }
    }

    record LineJson(String direction, String text) {
    }
}
