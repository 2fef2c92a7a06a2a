package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.domain.model.EmailAddress;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpResponse;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8] [AUTH=...]} (RFC 5321 §4.1.1.2, RFC 1870,
 * RFC 6152, RFC 6531, RFC 4954 §5). Whether the client may submit at all is decided here, so that a refused client
 * never gets a recipient accepted. With {@code SMTPUTF8} the transaction may carry internationalized addresses, in
 * this command and in every {@code RCPT}; without it a non-ASCII address earns {@code 553 5.6.7} (RFC 6531 §3.5).
 */
final class MailHandler implements CommandHandler {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");
    // RFC 3461 §4 xtext, or "<>"; RFC 4954 §5 has us accept AUTH= and, as we trust no other server's word, ignore it.
    private static final Pattern AUTH_VALUE = Pattern.compile("<>|([\\x21-\\x2a\\x2c-\\x3c\\x3e-\\x7e]|\\+[0-9A-F]{2})+");

    private final long maxMessageBytes;
    private final SubmissionPolicy policy;

    MailHandler(long maxMessageBytes, SubmissionPolicy policy) {
        this.maxMessageBytes = maxMessageBytes;
        this.policy = policy;
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
        Optional<SmtpResponse> refusal = policy.refusalOfMail(greeted);
        if (refusal.isPresent()) {
            return Transition.to(state, refusal.get());
        }
        Optional<PathArgument> argument = PathArgument.parse(request.parameters(), "FROM:");
        if (argument.isEmpty()) {
            return Transition.to(state, Replies.MAIL_SYNTAX);
        }
        String address = argument.get().address();
        boolean smtpUtf8 = argument.get().declaresSmtpUtf8();
        if (PathArgument.isNonAscii(address) && !smtpUtf8) {
            return Transition.to(state, Replies.NON_ASCII_SENDER);         // RFC 6531 §3.5
        }
        if (!address.isEmpty() && !EmailAddress.isValidInternationalized(address)) {
            return Transition.to(state, Replies.BAD_SENDER);
        }
        SmtpResponse parameterProblem = checkParameters(argument.get().parameters(), greeted.extended());
        if (parameterProblem != null) {
            return Transition.to(state, parameterProblem);
        }
        EmailAddress sender = address.isEmpty() ? null : new EmailAddress(address);
        return Transition.to(new SessionState.MailTransaction(greeted, sender, List.of(), smtpUtf8), Replies.SENDER_OK);
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
                case PathArgument.SMTPUTF8:                     // RFC 6531 §3.4: no value
                    if (value != null) {
                        return Replies.MAIL_SYNTAX;
                    }
                    break;
                case "AUTH":
                    if (value == null || !AUTH_VALUE.matcher(value).matches()) {
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
