package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.domain.model.EmailAddress;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpResponse;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME]} (RFC 5321 §4.1.1.2, RFC 1870, RFC 6152). */
final class MailHandler implements CommandHandler {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");

    private final long maxMessageBytes;

    MailHandler(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public Transition handle(SmtpRequest request, SessionState state) {
        if (state instanceof SessionState.Connected) {
            return Transition.to(state, Replies.SEND_HELLO_FIRST);
        }
        if (!(state instanceof SessionState.Greeted)) {
            return Transition.to(state, Replies.NESTED_MAIL);
        }
        SessionState.Greeted greeted = (SessionState.Greeted) state;
        Optional<PathArgument> argument = PathArgument.parse(request.parameters(), "FROM:");
        if (argument.isEmpty()) {
            return Transition.to(state, Replies.MAIL_SYNTAX);
        }
        String address = argument.get().address();
        if (!address.isEmpty() && !EmailAddress.isValid(address)) {
            return Transition.to(state, Replies.BAD_SENDER);
        }
        SmtpResponse parameterProblem = checkParameters(argument.get().parameters(), greeted.extended());
        if (parameterProblem != null) {
            return Transition.to(state, parameterProblem);
        }
        EmailAddress sender = address.isEmpty() ? null : new EmailAddress(address);
        return Transition.to(new SessionState.MailTransaction(greeted, sender, List.of()), Replies.SENDER_OK);
    }

    /** The reply for the first unacceptable parameter, {@code null} when all are fine. */
    private SmtpResponse checkParameters(List<String> parameters, boolean extended) {
        if (!parameters.isEmpty() && !extended) {
            return Replies.UNKNOWN_PARAMETER;                  // RFC 5321 §4.1.1.11: parameters need EHLO
        }
        for (String parameter : parameters) {
            String value = PathArgument.valueOf(parameter);
            switch (PathArgument.keywordOf(parameter)) {
                case "SIZE":
                    if (value == null || !DIGITS.matcher(value).matches()) {
                        return Replies.MAIL_SYNTAX;
                    }
                    if (isOverLimit(value)) {
                        return Replies.MESSAGE_TOO_BIG;        // RFC 1870 §6.1: refuse up front
                    }
                    break;
                case "BODY":
                    if (!"7BIT".equalsIgnoreCase(value) && !"8BITMIME".equalsIgnoreCase(value)) {
                        return Replies.MAIL_SYNTAX;
                    }
                    break;
                default:
                    return Replies.UNKNOWN_PARAMETER;
            }
        }
        return null;
    }

    private boolean isOverLimit(String digits) {
        try {
            return Long.parseLong(digits) > maxMessageBytes;
        } catch (NumberFormatException tooBigForLong) {
            return true;
        }
    }
}
