package dev.storerelay.adapter.relay.inbound;

import io.netty.handler.codec.smtp.SmtpResponse;

import java.util.Objects;

/** The outcome of one command: the next state, the reply, and whether the connection closes after the reply. */
record Transition(SessionState next, SmtpResponse reply, boolean close) {
    Transition {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(reply, "reply");
    }

    static Transition to(SessionState next, SmtpResponse reply) {
        return new Transition(next, reply, false);
    }

    static Transition closing(SessionState next, SmtpResponse reply) {
        return new Transition(next, reply, true);
    }
}
