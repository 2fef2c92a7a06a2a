package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.RoutingDecision;
import io.netty.handler.codec.smtp.DefaultSmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponse;

/**
 * Every reply of the listener. Enhanced status codes (RFC 3463, advertised as ENHANCEDSTATUSCODES, RFC 2034) lead
 * every 2xx, 4xx and 5xx text; RFC 2034 §3 exempts the greeting and the EHLO/HELO replies, and a 3xx has no class.
 */
final class Replies {
    static final SmtpResponse OK = reply(250, "2.0.0 Ok");
    static final SmtpResponse SENDER_OK = reply(250, "2.1.0 Ok");
    static final SmtpResponse RECIPIENT_OK = reply(250, "2.1.5 Ok");
    static final SmtpResponse START_MAIL_INPUT = reply(354, "End data with <CR><LF>.<CR><LF>");
    static final SmtpResponse BYE = reply(221, "2.0.0 Bye");
    static final SmtpResponse HELP = reply(214, "2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT HELP VRFY");
    // RFC 5321 §3.5.3: 252 when we will not verify but would accept mail for the address.
    static final SmtpResponse CANNOT_VRFY = reply(252, "2.5.0 Cannot VRFY user, but will accept message and attempt delivery");

    static final SmtpResponse UNKNOWN_COMMAND = reply(500, "5.5.1 Command unrecognized");
    static final SmtpResponse EMPTY_COMMAND = reply(500, "5.5.2 Syntax error: empty command");
    static final SmtpResponse LINE_TOO_LONG = reply(500, "5.5.2 Line too long (limit 512 octets)");
    static final SmtpResponse BARE_LINE_END = reply(550, "5.5.2 Bare CR or LF received; lines must end with CRLF, closing connection");
    static final SmtpResponse BAD_SEQUENCE = reply(503, "5.5.1 Bad sequence of commands");
    static final SmtpResponse SEND_HELLO_FIRST = reply(503, "5.5.1 Send EHLO or HELO first");
    static final SmtpResponse NESTED_MAIL = reply(503, "5.5.1 Nested MAIL command");
    static final SmtpResponse NEED_MAIL = reply(503, "5.5.1 Need MAIL before RCPT");
    static final SmtpResponse NEED_MAIL_AND_RCPT = reply(503, "5.5.1 Need MAIL and RCPT before DATA");
    static final SmtpResponse NO_VALID_RECIPIENTS = reply(554, "5.5.1 No valid recipients");
    static final SmtpResponse EHLO_SYNTAX = reply(501, "5.5.4 Syntax: EHLO hostname");
    static final SmtpResponse HELO_SYNTAX = reply(501, "5.5.4 Syntax: HELO hostname");
    static final SmtpResponse MAIL_SYNTAX = reply(501, "5.5.4 Syntax: MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME]");
    static final SmtpResponse RCPT_SYNTAX = reply(501, "5.5.4 Syntax: RCPT TO:<address>");
    static final SmtpResponse NO_PARAMETERS_ALLOWED = reply(501, "5.5.4 Syntax error: no parameters allowed");
    static final SmtpResponse UNKNOWN_PARAMETER = reply(555, "5.5.4 Parameter not recognized or not implemented");
    static final SmtpResponse BAD_SENDER = reply(553, "5.1.7 Invalid sender address");
    static final SmtpResponse BAD_RECIPIENT = reply(553, "5.1.3 Invalid recipient address");
    static final SmtpResponse TOO_MANY_RECIPIENTS = reply(452, "4.5.3 Too many recipients");
    static final SmtpResponse MESSAGE_TOO_BIG = reply(552, "5.3.4 Message size exceeds fixed maximum message size");
    static final SmtpResponse TEXT_LINE_TOO_LONG = reply(552, "5.6.0 Message line too long (limit 1000 octets)");
    static final SmtpResponse LOCAL_ERROR = reply(451, "4.3.0 Requested action aborted: local error in processing");
    static final SmtpResponse TOO_MANY_CONNECTIONS = reply(421, "4.3.2 Too many connections, try again later");
    static final SmtpResponse IDLE_TIMEOUT = reply(421, "4.4.2 Idle timeout, closing connection");

    private Replies() {
    }

    static SmtpResponse greeting(String serverName) {
        return reply(220, serverName + " ESMTP store-relay");
    }

    /** RFC 5321 §4.1.1.1: the first line names us, each further line one extension. */
    static SmtpResponse ehlo(String serverName, String clientName, long maxMessageBytes) {
        return new DefaultSmtpResponse(250, serverName + " greets " + clientName, "PIPELINING",
                "SIZE " + maxMessageBytes, "8BITMIME", "ENHANCEDSTATUSCODES");
    }

    static SmtpResponse helo(String serverName) {
        return reply(250, serverName);
    }

    static SmtpResponse queued(MessageId id) {
        return reply(250, "2.0.0 Ok: queued as " + id);
    }

    static SmtpResponse refused(RoutingDecision.Refusal refusal, String explanation) {
        return reply(refusal.code(), refusal.enhancedCode() + " " + explanation);
    }

    private static SmtpResponse reply(int code, String text) {
        return new DefaultSmtpResponse(code, text);
    }
}
