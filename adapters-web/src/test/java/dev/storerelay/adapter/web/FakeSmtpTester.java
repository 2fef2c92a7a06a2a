package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A connection test that talks to no server: a fixed report for known units, and the recipient it was given. */
final class FakeSmtpTester implements TestSmtpConnectionUseCase {
    static final String VERDICT = "Connected, TLS and login worked.";
    /** A server line with markup, to show that the transcript is escaped. */
    static final String GREETING = "220 mail.example.com <ESMTP> & ready";
    static final String FINGERPRINT = "3A:5F:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";

    private volatile EmailAddress lastRecipient;

    @Override
    public Optional<SmtpTestReport> test(UnitId unit, EmailAddress testRecipient) {
        if (unit.value().equals("nobody")) {
            return Optional.empty();
        }
        lastRecipient = testRecipient;
        return Optional.of(new SmtpTestReport(true, VERDICT, "mail.example.com:587", "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                List.of(new TranscriptLine(Direction.SERVER, GREETING),
                        new TranscriptLine(Direction.CLIENT, "EHLO relay"),
                        new TranscriptLine(Direction.NOTE, "TLS established"),
                        new TranscriptLine(Direction.CLIENT, "AUTH PLAIN ********")),
                List.of(new SmtpTestReport.Certificate("CN=mail.example.com", "CN=Example CA",
                        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), FINGERPRINT))));
    }

    EmailAddress lastRecipient() {
        return lastRecipient;
    }
}
