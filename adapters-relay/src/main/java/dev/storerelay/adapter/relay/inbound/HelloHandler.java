package dev.storerelay.adapter.relay.inbound;

import io.netty.handler.codec.smtp.SmtpRequest;

import java.util.regex.Pattern;

/**
 * EHLO and HELO (RFC 5321 §4.1.1.1): one instance per verb. Either may come at any time and resets the
 * transaction, as if by RSET; an authentication survives it (only {@code STARTTLS} forgets it, RFC 3207 §4.2).
 */
final class HelloHandler implements CommandHandler {
    // The name travels into the Received: trace header upstream: printable ASCII only, no room for tricks.
    private static final Pattern CLIENT_NAME = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final boolean extended;
    private final String serverName;
    private final long maxMessageBytes;
    private final SubmissionPolicy policy;

    private HelloHandler(boolean extended, String serverName, long maxMessageBytes, SubmissionPolicy policy) {
        this.extended = extended;
        this.serverName = serverName;
        this.maxMessageBytes = maxMessageBytes;
        this.policy = policy;
    }

    static HelloHandler ehlo(String serverName, long maxMessageBytes, SubmissionPolicy policy) {
        return new HelloHandler(true, serverName, maxMessageBytes, policy);
    }

    static HelloHandler helo(String serverName, SubmissionPolicy policy) {
        return new HelloHandler(false, serverName, 0, policy);
    }

    @Override
    public Transition handle(SmtpRequest request, SessionState state) {
        if (request.parameters().size() != 1 || !CLIENT_NAME.matcher(request.parameters().get(0)).matches()) {
            return Transition.to(state, extended ? Replies.EHLO_SYNTAX : Replies.HELO_SYNTAX);
        }
        String clientName = request.parameters().get(0).toString();
        SessionState before = state.reset();
        SessionState.Greeted greeted = new SessionState.Greeted(state.client(), clientName, extended,
                before instanceof SessionState.Greeted ? ((SessionState.Greeted) before).authenticatedUnit() : null);
        ClientConnection client = state.client();
        return Transition.to(greeted, extended
                ? Replies.ehlo(serverName, clientName, maxMessageBytes, policy.offersStartTls(client), policy.offersAuth(client))
                : Replies.helo(serverName));
    }
}
