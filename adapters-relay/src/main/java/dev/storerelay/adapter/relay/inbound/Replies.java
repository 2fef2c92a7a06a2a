package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.RoutingDecision;
import io.netty.handler.codec.smtp.DefaultSmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponse;

import java.util.ArrayList;
import java.util.List;

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
    static final SmtpResponse HELP = reply(214, "2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP QUIT HELP VRFY");
    // RFC 5321 §3.5.3: 252 when we will not verify but would accept mail for the address.
    static final SmtpResponse CANNOT_VRFY = reply(252, "2.5.0 Cannot VRFY user, but will accept message and attempt delivery");

    static final SmtpResponse UNKNOWN_COMMAND = reply(500, "5.5.1 Command unrecognized");
    static final SmtpResponse EMPTY_COMMAND = reply(500, "5.5.2 Syntax error: empty command");
    static final SmtpResponse NUL_IN_COMMAND = reply(500, "5.5.2 NUL character in command line");
    static final SmtpResponse BARE_LINE_END = reply(550, "5.5.2 Bare CR or LF received; lines must end with CRLF, closing connection");
    static final SmtpResponse BAD_SEQUENCE = reply(503, "5.5.1 Bad sequence of commands");
    static final SmtpResponse SEND_HELLO_FIRST = reply(503, "5.5.1 Send EHLO or HELO first");
    static final SmtpResponse NESTED_MAIL = reply(503, "5.5.1 Nested MAIL command");
    static final SmtpResponse NEED_MAIL = reply(503, "5.5.1 Need MAIL before RCPT");
    static final SmtpResponse NEED_MAIL_AND_RCPT = reply(503, "5.5.1 Need MAIL and RCPT before DATA");
    static final SmtpResponse NO_VALID_RECIPIENTS = reply(554, "5.5.1 No valid recipients");
    static final SmtpResponse EHLO_SYNTAX = reply(501, "5.5.4 Syntax: EHLO hostname");
    static final SmtpResponse HELO_SYNTAX = reply(501, "5.5.4 Syntax: HELO hostname");
    static final SmtpResponse MAIL_SYNTAX = reply(501, "5.5.4 Syntax: MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8]");
    static final SmtpResponse RCPT_SYNTAX = reply(501, "5.5.4 Syntax: RCPT TO:<address>");
    static final SmtpResponse NO_PARAMETERS_ALLOWED = reply(501, "5.5.4 Syntax error: no parameters allowed");
    static final SmtpResponse UNKNOWN_PARAMETER = reply(555, "5.5.4 Parameter not recognized or not implemented");
    static final SmtpResponse BAD_SENDER = reply(553, "5.1.7 Invalid sender address");
    static final SmtpResponse BAD_RECIPIENT = reply(553, "5.1.3 Invalid recipient address");
    static final SmtpResponse TOO_MANY_RECIPIENTS = reply(452, "4.5.3 Too many recipients");
    static final SmtpResponse MESSAGE_TOO_BIG = reply(552, "5.3.4 Message size exceeds fixed maximum message size");
    // RFC 6531 §3.5 with its enhanced code X.6.7 (RFC 5248): a non-ASCII address in a transaction without SMTPUTF8.
    static final SmtpResponse NON_ASCII_SENDER = reply(553, "5.6.7 Non-ASCII addresses not permitted for that sender");
    static final SmtpResponse NON_ASCII_RECIPIENT = reply(553, "5.6.7 Non-ASCII addresses not permitted for that recipient");
    static final SmtpResponse LOCAL_ERROR = reply(451, "4.3.0 Requested action aborted: local error in processing");
    static final SmtpResponse TOO_MANY_CONNECTIONS = reply(421, "4.3.2 Too many connections, try again later");
    static final SmtpResponse TOO_MANY_CONNECTIONS_FROM_CLIENT =
            reply(421, "4.3.2 Too many connections from your address, try again later");
    static final SmtpResponse IDLE_TIMEOUT = reply(421, "4.4.2 Idle timeout, closing connection");

    // Who may submit (README, *Security*), RFC 4954 §6 and RFC 3207 §4.
    static final SmtpResponse AUTH_REQUIRED = reply(530, "5.7.0 Authentication required");
    static final SmtpResponse STARTTLS_FIRST = reply(530, "5.7.0 Must issue a STARTTLS command first");
    static final SmtpResponse RELAY_DENIED =
            reply(554, "5.7.1 Relay access denied: this client may not submit mail here");

    // SMTP AUTH, RFC 4954.
    static final SmtpResponse AUTH_OK = reply(235, "2.7.0 Authentication successful");
    static final SmtpResponse AUTH_FAILED = reply(535, "5.7.8 Authentication credentials invalid");
    static final SmtpResponse AUTH_TOO_MANY_FAILURES =
            reply(421, "4.7.0 Too many failed authentication attempts, closing connection");
    static final SmtpResponse AUTH_TEMPORARY_FAILURE = reply(454, "4.7.0 Temporary authentication failure");
    static final SmtpResponse AUTH_THROTTLED =
            reply(454, "4.7.0 Too many failed authentication attempts from your address, try again later");
    static final SmtpResponse AUTH_CANCELLED = reply(501, "5.0.0 Authentication cancelled");
    static final SmtpResponse AUTH_BAD_BASE64 = reply(501, "5.5.2 Cannot decode the base64 response");
    static final SmtpResponse AUTH_SYNTAX = reply(501, "5.5.4 Syntax: AUTH mechanism [initial-response]");
    static final SmtpResponse AUTH_UNKNOWN_MECHANISM = reply(504, "5.5.4 Unrecognized authentication mechanism");
    static final SmtpResponse ALREADY_AUTHENTICATED = reply(503, "5.5.1 Already authenticated");
    static final SmtpResponse AUTH_IN_TRANSACTION = reply(503, "5.5.1 AUTH is not allowed during a mail transaction");
    static final SmtpResponse ENCRYPTION_REQUIRED =
            reply(538, "5.7.11 Encryption required for requested authentication mechanism");
    static final SmtpResponse AUTH_NOT_AVAILABLE = reply(502, "5.5.1 AUTH is not available on this connection");

    // STARTTLS, RFC 3207.
    static final SmtpResponse READY_FOR_TLS = reply(220, "2.0.0 Ready to start TLS");
    static final SmtpResponse TLS_NOT_AVAILABLE = reply(502, "5.5.1 STARTTLS is not available");
    static final SmtpResponse TLS_ALREADY_ACTIVE = reply(503, "5.5.1 TLS is already active");
    static final SmtpResponse STARTTLS_SYNTAX = reply(501, "5.5.4 Syntax: STARTTLS");
    static final SmtpResponse STARTTLS_PIPELINING =
            reply(554, "5.5.1 Data sent after STARTTLS before the TLS handshake; closing connection");

    private Replies() {
    }

    static SmtpResponse greeting(String serverName) {
        return reply(220, serverName + " ESMTP store-relay");
    }

    /**
     * RFC 5321 §4.1.1.1: the first line names us, each further line one extension. {@code ENHANCEDSTATUSCODES}
     * stays last whatever is offered, so clients and tests can wait for it.
     */
    static SmtpResponse ehlo(String serverName, String clientName, long maxMessageBytes, boolean startTls, boolean auth) {
        List<CharSequence> lines = new ArrayList<>(List.of(serverName + " greets " + clientName, "PIPELINING",
                "SIZE " + maxMessageBytes, "8BITMIME", "SMTPUTF8"));
        if (startTls) {
            lines.add("STARTTLS");
        }
        if (auth) {
            lines.add("AUTH PLAIN LOGIN");
        }
        lines.add("ENHANCEDSTATUSCODES");
        return new DefaultSmtpResponse(250, lines.toArray(new CharSequence[0]));
    }

    static SmtpResponse lineTooLong(int limit) {
        return reply(500, "5.5.2 Line too long (limit " + limit + " octets)");
    }

    static SmtpResponse textLineTooLong(int limit) {
        return reply(552, "5.6.0 Message line too long (limit " + limit + " octets)");
    }

    /** RFC 4954 §4: a server challenge, base64 encoded; a 3xx carries no enhanced status code. */
    static SmtpResponse challenge(String base64) {
        return reply(334, base64);
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
