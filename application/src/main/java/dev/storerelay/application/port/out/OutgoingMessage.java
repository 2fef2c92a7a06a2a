package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RewrittenSender;

import java.util.List;
import java.util.Objects;

/**
 * A message ready to go upstream: where to (plan), the rewritten sender, the recipients, the original content,
 * the trace header to add on top and the header fields to remove (the store header).
 *
 * @param receivedHeader the value of the {@code Received:} field to prepend
 * @param removeHeaders  header field names to drop, case-insensitive
 * @param quota          the store's own cap on its connections; {@code null} when the store has none, and its
 *                       connections are shared with the other stores of the same plan
 * @param dataEnd        asked before the data is ended upstream ({@link DataEndGate#OPEN} for a queued message)
 */
public record OutgoingMessage(String queueId, ConnectionPlan plan, RewrittenSender sender,
                              List<EmailAddress> recipients, MessageContent content, String receivedHeader,
                              List<String> removeHeaders, ConnectionQuota quota, DataEndGate dataEnd) {
    public OutgoingMessage {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(receivedHeader, "receivedHeader");
        removeHeaders = List.copyOf(removeHeaders);
        Objects.requireNonNull(dataEnd, "dataEnd");
    }
}
