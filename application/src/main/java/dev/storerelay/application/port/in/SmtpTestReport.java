package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.UpstreamReply;

import java.util.List;
import java.util.Objects;

/**
 * What a connection test found.
 *
 * @param success     whether everything asked for worked (connected, TLS as required, logged in, test mail accepted)
 * @param verdict     one plain-language sentence for the admin, e.g. "The server does not offer STARTTLS, but this
 *                    store requires it."
 * @param server      {@code host:port} that was tried, or {@code null} when the unit has no effective server
 * @param tlsProtocol the negotiated TLS version (e.g. {@code TLSv1.3}), {@code null} without TLS
 * @param tlsCipher   the negotiated cipher suite, {@code null} without TLS
 * @param transcript  the SMTP conversation in order; secrets (AUTH data, passwords) are masked
 * @param failingReply the server's reply that failed the test, or (code 0) the reason when there was none, such as a
 *                     token endpoint's refusal; {@code null} when the test passed or the prober does not say, and then
 *                     the connection test reads it from the transcript and the verdict
 */
public record SmtpTestReport(boolean success, String verdict, String server, String tlsProtocol, String tlsCipher,
                             List<TranscriptLine> transcript, UpstreamReply failingReply) {
    public SmtpTestReport {
        Objects.requireNonNull(verdict, "verdict");
        transcript = List.copyOf(transcript);
    }

    /** A report that does not name the failing reply. */
    public SmtpTestReport(boolean success, String verdict, String server, String tlsProtocol, String tlsCipher,
                          List<TranscriptLine> transcript) {
        this(success, verdict, server, tlsProtocol, tlsCipher, transcript, null);
    }

    /** The same report with another verdict. */
    public SmtpTestReport withVerdict(String otherVerdict) {
        return new SmtpTestReport(success, otherVerdict, server, tlsProtocol, tlsCipher, transcript, failingReply);
    }

    /** One line of the conversation: sent by the relay, received from the server, or a note (connect, TLS, error). */
    public record TranscriptLine(Direction direction, String text) {
        public TranscriptLine {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(text, "text");
        }
    }

    public enum Direction { CLIENT, SERVER, NOTE }
}
