package dev.storerelay.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A submission the relay listener refused at the door: a {@code 4xx} or {@code 5xx} answer to {@code MAIL},
 * {@code RCPT}, {@code DATA} or the end of DATA, with what the client had said by then. Never the message's content,
 * never an AUTH credential.
 *
 * <p>Everything here comes from the client, so every text is made printable (control characters escaped) and cut to
 * {@value #MAX_TEXT} characters, and only the first {@value #MAX_RECIPIENTS} recipients are kept: a refusal has a
 * bounded size however hostile the client. A refusal built from one's values again is equal to it.
 *
 * @param clientAddress the client's IP address
 * @param clientName    the name the client gave in EHLO or HELO; {@code null} before it did
 * @param mailFrom      the envelope sender as given in {@code MAIL FROM} (for a refused {@code MAIL} as the client
 *                      wrote it, if it is no address); {@code ""} for the null reverse-path {@code <>}, {@code null}
 *                      when the client had given none
 * @param recipients    the recipients given so far; for a refused {@code RCPT}, the refused one last
 */
public record RefusedSubmission(Instant at, String clientAddress, String clientName, String mailFrom,
                                List<String> recipients, Reply reply) {
    /** Characters kept of a text: control characters escaped, a longer one cut and ending in "...". */
    public static final int MAX_TEXT = 500;
    /** Recipients kept of one refusal. */
    public static final int MAX_RECIPIENTS = 20;

    public RefusedSubmission {
        Objects.requireNonNull(at, "at");
        clientAddress = Texts.printableAtMost(Objects.requireNonNull(clientAddress, "clientAddress"), MAX_TEXT);
        clientName = clientName == null ? null : Texts.printableAtMost(clientName, MAX_TEXT);
        mailFrom = mailFrom == null ? null : Texts.printableAtMost(mailFrom, MAX_TEXT);
        recipients = recipients.stream().limit(MAX_RECIPIENTS).map(r -> Texts.printableAtMost(r, MAX_TEXT)).toList();
        Objects.requireNonNull(reply, "reply");
    }

    /**
     * The listener's reply: a {@code 4xx} or {@code 5xx} code, the enhanced status code that leads its text (RFC 3463;
     * {@code null} if none does) and the rest of the text.
     */
    public record Reply(int code, String enhancedCode, String text) {
        private static final Pattern ENHANCED_CODE = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
        private static final Pattern LEADING_ENHANCED_CODE = Pattern.compile("([245]\\.\\d{1,3}\\.\\d{1,3})(?: +(.*))?",
                Pattern.DOTALL);

        public Reply {
            if (code < 400 || code > 599) {
                throw new IllegalArgumentException("not a refusal's reply code: " + code);
            }
            if (enhancedCode != null && !ENHANCED_CODE.matcher(enhancedCode).matches()) {
                throw new IllegalArgumentException("not an enhanced status code: " + Texts.printable(enhancedCode));
            }
            text = Texts.printableAtMost(Objects.requireNonNull(text, "text"), MAX_TEXT);
        }

        /** The reply from its code and text as sent, e.g. {@code 550} and {@code "5.1.0 unknown store x"}. */
        public static Reply of(int code, String sentText) {
            Matcher leading = LEADING_ENHANCED_CODE.matcher(sentText);
            if (leading.matches()) {
                return new Reply(code, leading.group(1), leading.group(2) == null ? "" : leading.group(2));
            }
            return new Reply(code, null, sentText);
        }

        @Override
        public String toString() {
            return code + (enhancedCode == null ? "" : " " + enhancedCode) + (text.isEmpty() ? "" : " " + text);
        }
    }
}
