package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.MessageLogContext;
import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.in.RelayMessageCommand;
import dev.storerelay.application.port.in.RelayMessageUseCase;
import dev.storerelay.application.port.in.RelayResult;
import dev.storerelay.application.port.out.MessageContextPort;
import io.netty.handler.codec.smtp.SmtpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of DATA: hands the message to the relay use case and turns its result into the reply. Blocks (the use
 * case commits to the database), so it runs on the session executor, never on an event loop. Whatever happens, the
 * transaction ends (RFC 5321 §4.1.1.4).
 */
final class EndOfDataHandler {
    private static final Logger log = LoggerFactory.getLogger(EndOfDataHandler.class);

    private final RelayMessageUseCase relay;
    private final String storeHeaderName;
    private final SmtpResponse textLineTooLong;
    private final ListenerMetrics metrics;

    EndOfDataHandler(RelayMessageUseCase relay, String storeHeaderName, int maxTextLine, ListenerMetrics metrics) {
        this.relay = relay;
        this.storeHeaderName = storeHeaderName;
        this.textLineTooLong = Replies.textLineTooLong(maxTextLine);
        this.metrics = metrics;
    }

    /** The reply to the end of DATA, counted as an accepted or rejected message. */
    Transition handle(SessionState.ReceivingData state, DataEnd end, String clientAddress) {
        Transition transition = reply(state, end, clientAddress);
        metrics.endOfData(transition.reply());
        return transition;
    }

    private Transition reply(SessionState.ReceivingData state, DataEnd end, String clientAddress) {
        SessionState next = state.transaction().greeting();
        if (end != DataEnd.COMPLETE) {
            state.sink().discard();
            return Transition.to(next, end == DataEnd.TOO_LARGE ? Replies.MESSAGE_TOO_BIG : textLineTooLong);
        }
        try {
            return Transition.to(next, relay(state, clientAddress));
        } catch (Exception e) {
            log.error("Could not accept a message from {} ({}); answered 451", clientAddress,
                    state.transaction().greeting().clientName(), e);
            return Transition.to(next, Replies.LOCAL_ERROR);
        } finally {
            state.sink().discard();
        }
    }

    private SmtpResponse relay(SessionState.ReceivingData state, String clientAddress) throws Exception {
        MessageContent content = state.sink().finish();
        MessageHeaders headers = MessageHeaders.scan(content, storeHeaderName);
        // Every line from here names the message: by its Message-ID, and once it is queued by its queue id too.
        MessageContextPort.Scope received = MessageLogContext.named(null, null, headers.messageId());
        try {
            return relayScanned(state, clientAddress, content, headers);
        } finally {
            received.close();
        }
    }

    private SmtpResponse relayScanned(SessionState.ReceivingData state, String clientAddress, MessageContent content,
                                      MessageHeaders headers) {
        SessionState.MailTransaction transaction = state.transaction();
        RelayMessageCommand command = new RelayMessageCommand(transaction.greeting().clientName(), clientAddress,
                transaction.greeting().authenticatedUnit(), transaction.sender(), transaction.recipients(), headers.storeHeaderValues(),
                headers.fromDisplayName(), content, headers.messageId(), headers.subject());
        // The use case commits before it returns, so a 250 is only ever sent for a message that is durable.
        RelayResult result = relay.relay(command);
        if (result instanceof RelayResult.Accepted) {
            RelayResult.Accepted accepted = (RelayResult.Accepted) result;
            MessageContextPort.Scope queued = MessageLogContext.named(accepted.id().toString(), accepted.store().value(),
                    headers.messageId());
            try {
                log.info("Queued message {} for store {} from {} ({} recipients, {} octets)", accepted.id(),
                        accepted.store(), clientAddress, transaction.recipients().size(), content.size());
            } finally {
                queued.close();
            }
            return Replies.queued(accepted.id());
        }
        RelayResult.Refused refused = (RelayResult.Refused) result;
        log.info("Refused a message from {}: {} {}", clientAddress, refused.refusal(), refused.explanation());
        return Replies.refused(refused.refusal(), refused.explanation());
    }
}
