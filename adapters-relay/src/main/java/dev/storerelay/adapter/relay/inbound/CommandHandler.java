package dev.storerelay.adapter.relay.inbound;

import io.netty.handler.codec.smtp.SmtpRequest;

/** One SMTP verb. Stateless: one instance serves every connection, the session state comes in and goes out. */
interface CommandHandler {
    Transition handle(SmtpRequest request, SessionState state);
}
