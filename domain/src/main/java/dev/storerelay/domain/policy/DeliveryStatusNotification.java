package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UpstreamReply;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounce a relay sends to the original envelope sender when recipients failed or expired: a delivery status
 * notification (RFC 3464) inside a {@code multipart/report} (RFC 6522), with the original message's header section
 * attached, never its body. It is sent with the null reverse-path, so it can never cause another bounce. Its parts
 * are ASCII as they declare, internationalized recipients included (RFC 6533 §3); only the {@code To:} of an
 * internationalized sender is UTF-8 (RFC 6532), and such a report travels with SMTPUTF8 only.
 */
public final class DeliveryStatusNotification {
    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern ENHANCED_CODE = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    /** RFC 3463: "delivery time expired". */
    private static final String EXPIRED_STATUS = "4.4.7";
    private static final String CRLF = "\r\n";
    private static final int MAX_REPLY_IN_REPORT = 900;

    /** One recipient the report is about: its final status and the last reply (or the reason no server replied). */
    public record FailedRecipient(EmailAddress recipient, RecipientStatus status, UpstreamReply lastReply) {
        public FailedRecipient {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(lastReply, "lastReply");
            if (status != RecipientStatus.FAILED && status != RecipientStatus.EXPIRED) {
                throw new IllegalArgumentException("a bounce reports failed or expired recipients only, not " + status);
            }
        }
    }

    private DeliveryStatusNotification() {
    }

    /**
     * The whole bounce message, CRLF line endings.
     *
     * @param reportingMta    this relay's host name
     * @param queueId         the original message's queue id, for the admin who reads the report
     * @param originalSender  where the report goes (the original envelope sender)
     * @param originalHeaders the original message's header section, as received
     */
    public static String build(String reportingMta, String queueId, EmailAddress originalSender, Instant arrival, Instant now,
                               List<FailedRecipient> recipients, String originalHeaders) {
        Objects.requireNonNull(originalSender, "originalSender");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a bounce needs at least one failed recipient");
        }
        String boundary = "=_dsn_" + queueId + "_" + now.toEpochMilli();
        StringBuilder out = new StringBuilder(1024 + originalHeaders.length());
        line(out, "From: Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">");
        line(out, "To: <" + originalSender.value() + ">");
        line(out, "Subject: Undelivered Mail Returned to Sender");
        line(out, "Date: " + RFC_5322_DATE.format(now));
        line(out, "Message-ID: <dsn." + queueId + "." + now.toEpochMilli() + "@" + reportingMta + ">");
        line(out, "Auto-Submitted: auto-replied");                 // RFC 3834: no auto-replies to this
        line(out, "MIME-Version: 1.0");
        line(out, "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"");
        line(out, "");
        line(out, "--" + boundary);
        line(out, "Content-Type: text/plain; charset=us-ascii");
        line(out, "");
        line(out, "This is the mail relay at " + reportingMta + ".");
        line(out, "");
        line(out, "Your message (queue id " + queueId + ") could not be delivered to the following recipient(s):");
        line(out, "");
        for (FailedRecipient r : recipients) {
            line(out, "  <" + ascii(r.recipient()) + ">: " + (r.status() == RecipientStatus.EXPIRED
                    ? "gave up after the maximum time in the queue; last problem: " : "") + printable(r.lastReply().toString()));
        }
        line(out, "");
        line(out, "--" + boundary);
        line(out, "Content-Type: message/delivery-status");
        line(out, "");
        line(out, "Reporting-MTA: dns; " + reportingMta);
        line(out, "Arrival-Date: " + RFC_5322_DATE.format(arrival));
        for (FailedRecipient r : recipients) {
            line(out, "");
            line(out, "Final-Recipient: " + (r.recipient().needsSmtpUtf8() ? "utf-8; " : "rfc822; ") + ascii(r.recipient()));
            line(out, "Action: failed");
            line(out, "Status: " + status(r));
            if (r.lastReply().code() != UpstreamReply.NO_REPLY) {
                line(out, "Diagnostic-Code: smtp; " + printable(r.lastReply().toString()));
            }
            line(out, "Last-Attempt-Date: " + RFC_5322_DATE.format(now));
        }
        line(out, "");
        line(out, "--" + boundary);
        line(out, "Content-Type: text/rfc822-headers");
        line(out, "");
        out.append(withCrlf(originalHeaders));
        line(out, "");
        line(out, "--" + boundary + "--");
        return out.toString();
    }

    /** The RFC 3463 status: the reply's enhanced code if it has one, else derived from the reply code or the expiry. */
    static String status(FailedRecipient recipient) {
        if (recipient.status() == RecipientStatus.EXPIRED) {
            return EXPIRED_STATUS;
        }
        Matcher enhanced = ENHANCED_CODE.matcher(recipient.lastReply().text());
        if (enhanced.find() && enhanced.group(1).equals("5")) {
            return enhanced.group(1) + "." + enhanced.group(2) + "." + enhanced.group(3);
        }
        return "5.0.0";
    }

    /**
     * The address in ASCII, as both parts declare: an internationalized one as RFC 6533 §3 {@code utf-8-addr-xtext},
     * every character beyond ASCII (and {@code +}, {@code =}, {@code \}) as {@code \x{HEX}}, e.g.
     * {@code kunde@b\x{E4}ckerei.example}.
     */
    static String ascii(EmailAddress address) {
        if (!address.needsSmtpUtf8()) {
            return address.value();
        }
        StringBuilder out = new StringBuilder();
        address.value().codePoints().forEach(c -> {
            if (c > ' ' && c < 0x7f && c != '+' && c != '=' && c != '\\') {
                out.appendCodePoint(c);
            } else {
                out.append("\\x{").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append('}');
            }
        });
        return out.toString();
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append(CRLF);
    }

    /** One line of printable ASCII, short enough for the 998-octet line limit with its field name. */
    private static String printable(String text) {
        String line = text.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7e]", "?");
        return line.length() <= MAX_REPLY_IN_REPORT ? line : line.substring(0, MAX_REPLY_IN_REPORT) + "...";
    }

    private static String withCrlf(String headers) {
        String normalised = headers.replace("\r\n", "\n").replace("\r", "\n");
        while (normalised.endsWith("\n")) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        return normalised.isEmpty() ? "" : normalised.replace("\n", CRLF) + CRLF;
    }
}
