package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.domain.model.TlsBehaviour;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns what went wrong while connecting and logging in into one sentence an admin can act on, instead of a Java
 * exception: the same exception means different things before the server answered, in a TLS handshake, or after a
 * command.
 */
final class SmtpProbeFailures {
    private static final String BAD_GREETING = "Got bad greeting from SMTP host";
    private static final String NO_STARTTLS = "STARTTLS is required but host does not support STARTTLS";
    private static final String NO_MECHANISM = "No authentication mechanisms supported by both server and client";

    /** Where in the dialogue a failure happened: the same exception means different things in each. */
    enum Phase { CONNECTING, TLS_HANDSHAKE, DIALOGUE }

    /**
     * @param server      {@code host:port} as the report names it
     * @param lastCommand the last command sent, as the transcript shows it; {@code null} before the first
     * @param mechanisms  how the relay logs in to this server, e.g. "LOGIN or PLAIN", for a server offering neither
     * @param offered     the server's AUTH mechanisms, or {@code null}
     */
    record Context(String host, String server, TlsBehaviour tls, Duration connectTimeout, Duration readTimeout,
                   String lastCommand, String mechanisms, String offered) {
    }

    private SmtpProbeFailures() {
    }

    /**
     * The verdict for a failed connect or login.
     *
     * @param handshaking whether a TLS handshake was under way: the server had said yes to STARTTLS, or TLS on
     *                    connect had not completed
     */
    static String verdict(MessagingException failure, boolean handshaking, Context context) {
        if (failure instanceof UpstreamClient.NoAuthOffered) {
            return "The server offers no login (AUTH), but a login is set for this store."
                    + (context.tls().mayUseTls() ? "" : " Some servers offer it only over TLS: check the secure socket options.");
        }
        if (failure instanceof AuthenticationFailedException refused) {
            return loginFailed(refused, context);
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (message.startsWith(NO_STARTTLS)) {
            return "The server does not offer STARTTLS, but this store requires it (Secure socket options: StartTLS).";
        }
        if (message.startsWith(BAD_GREETING)) {
            // RFC 5321 §3.1: a server that will not serve says 554 instead of 220.
            int reply = message.indexOf("response: ");
            return "The server turned the connection away: " + quoted(reply < 0 ? message : message.substring(reply + 10)) + ".";
        }
        IOException io = firstIo(failure);
        if (io == null) {
            return refusedCommand(message, context);
        }
        Phase phase = isConnectFailure(failure) ? Phase.CONNECTING : handshaking ? Phase.TLS_HANDSHAKE : Phase.DIALOGUE;
        return verdict(io, phase, context);
    }

    /** The verdict for a network failure in a phase of the dialogue. */
    static String verdict(IOException failure, Phase phase, Context context) {
        if (phase == Phase.CONNECTING) {
            return connectFailed(failure, context);
        }
        if (phase == Phase.TLS_HANDSHAKE || isTlsProblem(failure)) {
            return SmtpProbeTlsFailures.verdict(failure, context);
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

    /** A command the server answered with a refusal (Angus puts the reply in the message). */
    private static String refusedCommand(String reply, Context context) {
        String command = context.lastCommand() == null ? "" : context.lastCommand().toUpperCase(Locale.ROOT);
        if (command.equals("STARTTLS")) {
            return "The server offers STARTTLS but refused it: " + quoted(reply)
                    + ". store-relay never falls back to plain text once it has tried TLS.";
        }
        if (command.startsWith("HELO") || command.startsWith("EHLO")) {
            return "The server refused the relay's greeting: " + quoted(reply) + ".";
        }
        return "The server refused \"" + context.lastCommand() + "\": " + quoted(reply) + ".";
    }

    private static String loginFailed(AuthenticationFailedException refused, Context context) {
        String reply = UpstreamClient.reply(refused);
        if (reply.startsWith(NO_MECHANISM)) {
            return "The server offers no login method store-relay can use: it offers "
                    + (context.offered() == null ? "none" : context.offered()) + ", store-relay logs in with "
                    + context.mechanisms() + ".";
        }
        return "Login failed: the server answered " + quoted(reply) + ".";
    }

    private static boolean isConnectFailure(MessagingException failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof MailConnectException || t instanceof SocketConnectException) {
                return true;
            }
        }
        return false;
    }

    private static IOException firstIo(MessagingException failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof IOException io) {
                // A SocketConnectException only wraps what the socket said (refused, unknown host, timeout).
                return t instanceof SocketConnectException && t.getCause() instanceof IOException cause ? cause : io;
            }
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        Throwable cause = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : t.getCause();
        return cause == t ? null : cause;
    }

    private static boolean isTlsProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
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

    /** The message of the deepest cause that has one, on one line and without a final full stop. */
    static String innermostMessage(Throwable failure) {
        String message = failure.getClass().getSimpleName();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        message = message.replaceAll("[\\r\\n]+", " ").strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /** A reply in a verdict sentence: on one line, without a doubled full stop. */
    static String quoted(String reply) {
        String text = reply.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    static String seconds(Duration timeout) {
        if (timeout.toMillis() % 1000 != 0) {
            return timeout.toMillis() + " ms";
        }
        return timeout.toSeconds() + (timeout.toSeconds() == 1 ? " second" : " seconds");
    }
}
