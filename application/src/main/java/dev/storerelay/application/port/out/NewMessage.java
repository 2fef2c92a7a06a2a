package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message the listener accepted, to be queued for its store.
 *
 * @param envelopeSender  {@code null} for the null reverse-path {@code <>}
 * @param fromDisplayName the decoded display name of the original {@code From:}, {@code null} if none
 * @param messageIdHeader the value of the original {@code Message-ID} header, {@code null} if none; for the log
 * @param subject         the decoded {@code Subject} header, {@code null} if none; for the delivery log's search
 */
public record NewMessage(UnitId store, RoutingReason routingReason, String routingExplanation,
                         EmailAddress envelopeSender, List<EmailAddress> recipients, String fromDisplayName,
                         MessageContent content,
                         String clientName, String clientAddress, Instant receivedAt, String messageIdHeader,
                         String subject) {
    /** A message without a {@code Message-ID}. */
    public NewMessage(UnitId store, RoutingReason routingReason, String routingExplanation, EmailAddress envelopeSender,
                      List<EmailAddress> recipients, String fromDisplayName, MessageContent content, String clientName,
                      String clientAddress, Instant receivedAt) {
        this(store, routingReason, routingExplanation, envelopeSender, recipients, fromDisplayName, content, clientName,
                clientAddress, receivedAt, null, null);
    }

    public NewMessage {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(routingReason, "routingReason");
        Objects.requireNonNull(routingExplanation, "routingExplanation");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one recipient");
        }
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
