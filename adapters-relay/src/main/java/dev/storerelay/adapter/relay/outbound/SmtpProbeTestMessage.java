package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.application.port.out.SmtpProbePort.TestMail;
import dev.storerelay.domain.model.ConnectionPlan;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The short test email: its header and body lines, as they go over the wire. */
final class SmtpProbeTestMessage {
    static final String SUBJECT = "store-relay test email";
    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SmtpProbeTestMessage() {
    }

    /** The message as RFC 5322 text with CRLF line ends, ready to be parsed into a message and sent as it is. */
    static byte[] bytes(TestMail mail, ConnectionPlan plan, Instant now, String domain) {
        StringBuilder text = new StringBuilder();
        for (String line : lines(mail, plan, now, domain)) {
            text.append(line).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @param domain the right side of the Message-ID: the relay's EHLO name, which names this host */
    private static List<String> lines(TestMail mail, ConnectionPlan plan, Instant now, String domain) {
        List<String> lines = List.of(
                "Date: " + RFC_5322_DATE.format(now),
                "From: <" + mail.from() + ">",
                "To: <" + mail.to() + ">",
                "Subject: " + SUBJECT,
                "Message-ID: <" + UUID.randomUUID() + "@" + domain + ">",
                // RFC 3834: no vacation or out-of-office replies to a machine-made message.
                "Auto-Submitted: auto-generated",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=US-ASCII",
                "Content-Transfer-Encoding: 7bit",
                "",
                "This is a test email from store-relay.",
                "",
                "It was sent through " + plan.host() + " port " + plan.port() + " to check the SMTP server settings",
                "of the sender's organizational unit. If it reached you, those settings work. No reply is needed.");
        return lines;
    }
}
