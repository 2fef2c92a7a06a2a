package dev.storerelay.adapter.relay.outbound;

import dev.storerelay.domain.model.UpstreamLogin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * SMTP AUTH (RFC 4954) for a connection test, with LOGIN before PLAIN: that is Angus Mail's default order, so the
 * test logs in the way delivery will. Every AUTH payload is shown masked in the transcript.
 */
final class SmtpProbeLogin {
    private static final String LOGIN = "LOGIN";
    private static final String PLAIN = "PLAIN";
    private static final String CANCEL = "*";                    // RFC 4954 §4: the client gives up the exchange

    private final SmtpProbeTranscript transcript;

    SmtpProbeLogin(SmtpProbeTranscript transcript) {
        this.transcript = transcript;
    }

    /** Logs in and returns the login name; stops the test when no usable mechanism is offered or the login fails. */
    String logIn(SmtpProbeChannel channel, SmtpProbeEhlo ehlo, UpstreamLogin.Password credentials) throws IOException, SmtpProbeStop {
        String user = credentials.username();
        String password = credentials.password().reveal();
        SmtpProbeReply reply;
        if (ehlo.authMechanisms().contains(LOGIN)) {
            channel.send("AUTH " + LOGIN);
            reply = channel.read();
            for (String answer : List.of(base64(user), base64(password))) {
                if (!reply.is(334)) {
                    break;
                }
                channel.sendShown(answer, SmtpProbeTranscript.MASK);
                reply = channel.read();
            }
        } else if (ehlo.authMechanisms().contains(PLAIN)) {
            // RFC 4616: authorization identity (empty: the same), NUL, user, NUL, password; sent as initial response.
            channel.sendShown("AUTH " + PLAIN + " " + base64("\0" + user + "\0" + password),
                    "AUTH " + PLAIN + " " + SmtpProbeTranscript.MASK);
            reply = channel.read();
        } else {
            throw new SmtpProbeStop("The server offers no login method store-relay can use: it offers "
                    + String.join(", ", ehlo.authMechanisms()) + ", store-relay logs in with LOGIN or PLAIN.", true);
        }
        if (reply.is(334)) {
            channel.send(CANCEL);
            reply = channel.read();
            throw new SmtpProbeStop("Login failed: the server asked for more than a login and password ("
                    + reply.quoted() + ").", true);
        }
        if (!reply.is(235)) {
            throw new SmtpProbeStop("Login failed: the server answered " + reply.quoted() + ".", true);
        }
        transcript.note("Logged in as '" + user + "'.");
        return user;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
