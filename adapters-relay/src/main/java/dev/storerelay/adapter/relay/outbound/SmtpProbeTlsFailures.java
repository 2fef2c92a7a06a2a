package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.adapter.relay.outbound.SmtpProbeFailures.Context;
import dev.storerelay.domain.model.TlsBehaviour;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import static dev.storerelay.adapter.relay.outbound.SmtpProbeFailures.innermostMessage;
import static dev.storerelay.adapter.relay.outbound.SmtpProbeFailures.seconds;

/**
 * The connection test's verdict on a TLS handshake that failed: an untrusted certificate with what the admin can do
 * about it, a handshake that timed out, or a server that does not speak TLS where SSL on connect expects it.
 */
final class SmtpProbeTlsFailures {
    private static final String NOT_TLS = "Unsupported or unrecognized SSL message";

    private SmtpProbeTlsFailures() {
    }

    /** The verdict for a failure during the TLS handshake. */
    static String verdict(IOException failure, Context context) {
        Throwable certificateProblem = firstCertificateProblem(failure);
        if (certificateProblem != null) {
            // The deepest message is the JDK's reason ("unable to find valid certification path to requested
            // target", "No subject alternative DNS name matching x found"), without the wrappers' class names.
            String reason = innermostMessage(certificateProblem);
            return "The server's certificate is not trusted: " + reason + "." + certificateHint(certificateProblem, reason, context);
        }
        if (failure instanceof SocketTimeoutException) {
            return "The TLS handshake did not finish within " + seconds(context.readTimeout()) + ".";
        }
        String reason = innermostMessage(failure);
        String hint = context.tls() == TlsBehaviour.IMPLICIT_TLS && reason.contains(NOT_TLS)
                ? " The server does not speak TLS on this port, but SSL on connect expects TLS from the first byte"
                + " (usually port 465); for port 25 or 587 choose StartTLS."
                : "";
        return "The TLS handshake with the server failed: " + reason + "." + hint;
    }

    private static String certificateHint(Throwable problem, String reason, Context context) {
        // The JDK's host name check has no exception type of its own, only these messages (sun.security.util.HostnameChecker).
        if (reason.startsWith("No subject alternative") || reason.startsWith("No name matching")) {
            return " It was issued for another name than '" + context.host() + "': set the SMTP server address to a name"
                    + " the certificate carries.";
        }
        if (isMissingTrustedIssuer(problem)) {
            return " Its issuer must be a CA the JDK trusts or be in the operator's trust store (STORE_RELAY_TRUSTSTORE);"
                    + " or a setup admin trusts it for this unit: its SHA-256 fingerprint (pinned) or its CA.";
        }
        return "";
    }

    private static boolean isMissingTrustedIssuer(Throwable problem) {
        for (Throwable t = problem; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable firstCertificateProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException) {
                return t;
            }
        }
        return null;
    }
}
