package dev.storerelay.application.service;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import dev.storerelay.domain.model.UpstreamReply;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reply that failed a connection test, for the table of known replies: the one the prober names, else the last
 * refusal (4xx or 5xx) the server sent, else the verdict as a reason without a code (a token endpoint's refusal
 * comes before any SMTP reply). The transcript is read because the server's last words are usually the answer to
 * QUIT, after the refusal that matters.
 */
final class FailingReply {
    /** RFC 5321 §4.2: a code, then a hyphen on every line of a multi-line reply but the last, which has a space. */
    private static final Pattern REPLY_LINE = Pattern.compile("([2-5]\\d\\d)([ -])(.*)", Pattern.DOTALL);
    private static final int FIRST_REFUSAL = 400;

    private FailingReply() {
    }

    static Optional<UpstreamReply> of(SmtpTestReport report) {
        if (report.success()) {
            return Optional.empty();
        }
        if (report.failingReply() != null) {
            return Optional.of(report.failingReply());
        }
        return lastRefusal(report).or(() -> Optional.of(UpstreamReply.noReply(report.verdict())));
    }

    private static Optional<UpstreamReply> lastRefusal(SmtpTestReport report) {
        UpstreamReply refusal = null;
        StringBuilder text = new StringBuilder();
        for (TranscriptLine line : report.transcript()) {
            if (line.direction() != Direction.SERVER) {
                continue;
            }
            Matcher reply = REPLY_LINE.matcher(line.text());
            if (!reply.matches()) {
                text.setLength(0);                  // not SMTP: whatever was gathered is no reply
                continue;
            }
            text.append(text.length() == 0 ? "" : " ").append(reply.group(3).strip());
            if (reply.group(2).equals(" ")) {
                int code = Integer.parseInt(reply.group(1));
                if (code >= FIRST_REFUSAL) {
                    refusal = new UpstreamReply(code, text.toString());
                }
                text.setLength(0);
            }
        }
        return Optional.ofNullable(refusal);
    }
}
