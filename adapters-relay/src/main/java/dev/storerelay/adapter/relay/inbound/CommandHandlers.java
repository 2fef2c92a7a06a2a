package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerConfig;
import io.netty.handler.codec.smtp.SmtpCommand;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The verbs answered by a stateless handler; anything else is {@code 500 5.5.1}. {@code AUTH} and {@code STARTTLS}
 * change the connection itself, so the session handles them.
 */
final class CommandHandlers {
    private CommandHandlers() {
    }

    static Map<SmtpCommand, CommandHandler> of(ListenerConfig config, SubmissionPolicy policy, Supplier<MessageSink> sinks) {
        return Map.of(
                SmtpCommand.EHLO, HelloHandler.ehlo(config.serverName(), config.maxMessageBytes(), policy),
                SmtpCommand.HELO, HelloHandler.helo(config.serverName(), policy),
                SmtpCommand.MAIL, new MailHandler(config.maxMessageBytes(), policy),
                SmtpCommand.RCPT, new RcptHandler(config.maxRecipients()),
                SmtpCommand.DATA, new DataHandler(sinks),
                SmtpCommand.RSET, (request, state) -> Transition.to(state.reset(), Replies.OK),
                SmtpCommand.NOOP, (request, state) -> Transition.to(state, Replies.OK),
                SmtpCommand.QUIT, (request, state) -> Transition.closing(state.reset(), Replies.BYE),
                SmtpCommand.HELP, (request, state) -> Transition.to(state, Replies.HELP),
                SmtpCommand.VRFY, (request, state) -> Transition.to(state, Replies.CANNOT_VRFY));
    }
}
