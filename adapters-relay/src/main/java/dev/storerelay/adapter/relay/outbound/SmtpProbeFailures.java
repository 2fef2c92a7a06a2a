package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.domain.model.TlsBehaviour;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;

/** Turns what went wrong on the network into one sentence an admin can act on, instead of a Java exception. */
final class SmtpProbeFailures {
    private static final String NOT_TLS = "Unsupported or unrecognized SSL message";

    /** Where in the test a failure happened: the same exception means different things in each. */
    enum Phase { CONNECTING, TLS_HANDSHAKE, DIALOGUE }

    /**
     * @param server      {@code host:port} as the report names it
     * @param lastCommand the last command sent, as the transcript shows it; {@code null} before the first
     */
    record Context(String host, String server, TlsBehaviour tls, Duration connectTimeout, Duration readTimeout,
                   String lastCommand) {
    }

    private SmtpProbeFailures() {
    }

    static String verdict(IOException failure, Phase phase, Context context) {
        if (phase == Phase.CONNECTING) {
            return connectFailed(failure, context);
        }
        if (phase == Phase.TLS_HANDSHAKE || failure instanceof SSLException) {
            return tlsFailed(failure, context);
        }
        if (failure instanceof SocketTimeoutException && context.lastCommand() != null) {
            return "The server did not answer \"" + context.lastCommand() + "\" within " + seconds(context.readTimeout()) + ".";
        }
        if (failure instanceof SocketTimeoutException) {
            // A server waiting for our TLS ClientHello while we wait for its 220 looks exactly like this.
            return "The server sent no greeting within " + seconds(context.readTimeout()) + "."
                    + (context.tls() == TlsBehaviour.IMPLICIT_TLS ? ""
                    : " If this port expects TLS from the first byte (usually port 465), choose SSL on connect.");
        }
        if (failure instanceof EOFException || failure instanceof SocketException) {
            return "The server closed the connection "
                    + (context.lastCommand() == null ? "without a greeting" : "after \"" + context.lastCommand() + "\"")
                    + (failure instanceof EOFException ? "" : " (" + innermostMessage(failure) + ")") + ".";
        }
        return "The connection to " + context.server() + " failed: " + innermostMessage(failure) + ".";
    }

    private static String connectFailed(IOException failure, Context context) {
        if (failure instanceof UnknownHostException) {
            return "The SMTP server address '" + context.host() + "' cannot be found (DNS lookup failed).";
        }
        if (failure instanceof SocketTimeoutException) {
            return "Could not connect to " + context.server() + ": no answer within " + seconds(context.connectTimeout())
                    + ". Check the address and port number, and that no firewall blocks the way.";
        }
        if (failure instanceof NoRouteToHostException) {
            return "Could not connect to " + context.server() + ": there is no network route to that host.";
        }
        if (failure instanceof ConnectException) {
            return "Could not connect to " + context.server() + ": the connection was refused. "
                    + "Check the port number and that the SMTP server is running.";
        }
        return "Could not connect to " + context.server() + ": " + innermostMessage(failure) + ".";
    }

    private static String tlsFailed(IOException failure, Context context) {
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
            return " Its issuer must be a CA the JDK trusts or be in the operator's trust store (STORE_RELAY_TRUSTSTORE).";
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

    /** The message of the deepest cause that has one, on one line and without a final full stop. */
    private static String innermostMessage(Throwable failure) {
        String message = failure.getClass().getSimpleName();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        message = message.replaceAll("[\\r\\n]+", " ").strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    static String seconds(Duration timeout) {
        if (timeout.toMillis() % 1000 != 0) {
            return timeout.toMillis() + " ms";
        }
        return timeout.toSeconds() + (timeout.toSeconds() == 1 ? " second" : " seconds");
    }
}
