package dev.storerelay.adapter.relay.inbound;

import io.netty.handler.codec.smtp.SmtpRequest;

import java.util.function.Supplier;

/** {@code DATA} (RFC 5321 §4.1.1.4): {@code 354} once there is a sender and at least one recipient. */
final class DataHandler implements CommandHandler {
    private final Supplier<MessageSink> sinks;

    DataHandler(Supplier<MessageSink> sinks) {
        this.sinks = sinks;
    }

    @Override
    public Transition handle(SmtpRequest request, SessionState state) {
        if (!request.parameters().isEmpty()) {
            return Transition.to(state, Replies.NO_PARAMETERS_ALLOWED);
        }
        if (!(state instanceof SessionState.MailTransaction)) {
            return Transition.to(state, state instanceof SessionState.Connected
                    ? Replies.SEND_HELLO_FIRST : Replies.NEED_MAIL_AND_RCPT);
        }
        SessionState.MailTransaction transaction = (SessionState.MailTransaction) state;
        if (transaction.recipients().isEmpty()) {
            return Transition.to(state, Replies.NO_VALID_RECIPIENTS);   // RFC 5321 §3.3
        }
        return Transition.to(new SessionState.ReceivingData(transaction, sinks.get()), Replies.START_MAIL_INPUT);
    }
}
