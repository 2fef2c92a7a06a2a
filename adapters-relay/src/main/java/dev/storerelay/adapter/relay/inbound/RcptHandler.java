package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.domain.model.EmailAddress;
import io.netty.handler.codec.smtp.SmtpRequest;

import java.util.Optional;

/**
 * {@code RCPT TO:<address>} (RFC 5321 §4.1.1.3); no parameters are advertised, so none are accepted. An
 * internationalized address only in a transaction whose {@code MAIL} declared {@code SMTPUTF8} (RFC 6531 §3.5).
 */
final class RcptHandler implements CommandHandler {
    private final int maxRecipients;

    RcptHandler(int maxRecipients) {
        this.maxRecipients = maxRecipients;
    }

    @Override
    public Transition handle(SmtpRequest request, SessionState state) {
        if (!(state instanceof SessionState.MailTransaction)) {
            return Transition.to(state, state instanceof SessionState.Connected
                    ? Replies.SEND_HELLO_FIRST : Replies.NEED_MAIL);
        }
        SessionState.MailTransaction transaction = (SessionState.MailTransaction) state;
        Optional<PathArgument> argument = PathArgument.parse(request.parameters(), "TO:");
        if (argument.isEmpty()) {
            return Transition.to(state, Replies.RCPT_SYNTAX);
        }
        if (!argument.get().parameters().isEmpty()) {
            return Transition.to(state, Replies.UNKNOWN_PARAMETER);
        }
        // RFC 5321 §4.5.3.1.8: a temporary 452 tells the client to send the rest in another transaction.
        if (transaction.recipients().size() >= maxRecipients) {
            return Transition.to(state, Replies.TOO_MANY_RECIPIENTS);
        }
        String address = argument.get().address();
        if (PathArgument.isNonAscii(address) && !transaction.smtpUtf8()) {
            return Transition.to(state, Replies.NON_ASCII_RECIPIENT);      // RFC 6531 §3.5
        }
        if (!EmailAddress.isValidInternationalized(address)) {
            return Transition.to(state, Replies.BAD_RECIPIENT);
        }
        return Transition.to(transaction.withRecipient(new EmailAddress(address)), Replies.RECIPIENT_OK);
    }
}
