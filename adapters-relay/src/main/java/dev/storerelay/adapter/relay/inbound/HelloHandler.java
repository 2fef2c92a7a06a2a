package dev.storerelay.adapter.relay.inbound;

import io.netty.handler.codec.smtp.SmtpRequest;

/**
 * EHLO and HELO (RFC 5321 §4.1.1.1): one instance per verb. Either may come at any time and resets the
 * transaction, as if by RSET.
 */
final class HelloHandler implements CommandHandler {
    private final boolean extended;
    private final String serverName;
    private final long maxMessageBytes;

    private HelloHandler(boolean extended, String serverName, long maxMessageBytes) {
        this.extended = extended;
        this.serverName = serverName;
        this.maxMessageBytes = maxMessageBytes;
    }

    static HelloHandler ehlo(String serverName, long maxMessageBytes) {
        return new HelloHandler(true, serverName, maxMessageBytes);
    }

    static HelloHandler helo(String serverName) {
        return new HelloHandler(false, serverName, 0);
    }

    @Override
    public Transition handle(SmtpRequest request, SessionState state) {
        if (request.parameters().size() != 1) {
            return Transition.to(state, extended ? Replies.EHLO_SYNTAX : Replies.HELO_SYNTAX);
        }
        String clientName = request.parameters().get(0).toString();
        SessionState.Greeted greeted = new SessionState.Greeted(clientName, extended);
        return Transition.to(greeted, extended
                ? Replies.ehlo(serverName, clientName, maxMessageBytes)
                : Replies.helo(serverName));
    }
}
