package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.UpstreamReply;

import java.time.Instant;
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
 * @param transcript  the SMTP conversation in order; secrets (AUTH data, passwords, access tokens) are masked
 * @param certificateChain the server's certificates, its own first, as its TLS handshake presented them (also when
 *                    they were not trusted, so that an admin can pin one); empty without TLS
 * @param failingReply the server's reply that failed the test, or (code 0) the reason when there was none, such as a
 *                     token endpoint's refusal; {@code null} when the test passed or the prober does not say, and then
 *                     the connection test reads it from the transcript and the verdict
 */
public record SmtpTestReport(boolean success, String verdict, String server, String tlsProtocol, String tlsCipher,
                             List<TranscriptLine> transcript, List<Certificate> certificateChain, UpstreamReply failingReply) {
    public SmtpTestReport {
        Objects.requireNonNull(verdict, "verdict");
        transcript = List.copyOf(transcript);
        certificateChain = List.copyOf(certificateChain);
    }

    /** Without the failing reply: the connection test reads it from the transcript and the verdict. */
    public SmtpTestReport(boolean success, String verdict, String server, String tlsProtocol, String tlsCipher,
                          List<TranscriptLine> transcript, List<Certificate> certificateChain) {
        this(success, verdict, server, tlsProtocol, tlsCipher, transcript, certificateChain, null);
    }

    /** Without a certificate chain (no TLS, or none was seen) and without the failing reply. */
    public SmtpTestReport(boolean success, String verdict, String server, String tlsProtocol, String tlsCipher,
                          List<TranscriptLine> transcript) {
        this(success, verdict, server, tlsProtocol, tlsCipher, transcript, List.of(), null);
    }

    /** The same report with another transcript. */
    public SmtpTestReport withTranscript(List<TranscriptLine> lines) {
        return new SmtpTestReport(success, verdict, server, tlsProtocol, tlsCipher, lines, certificateChain, failingReply);
    }

    /**
     * One certificate of the server's chain.
     *
     * @param sha256 the SHA-256 fingerprint as certificate viewers show it ({@code AB:CD:…}), the form a unit's
     *               pinned certificate is entered in
     */
    public record Certificate(String subject, String issuer, Instant notBefore, Instant notAfter, String sha256) {
        public Certificate {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(notAfter, "notAfter");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** The same report with another verdict. */
    public SmtpTestReport withVerdict(String otherVerdict) {
        return new SmtpTestReport(success, otherVerdict, server, tlsProtocol, tlsCipher, transcript, certificateChain, failingReply);
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
