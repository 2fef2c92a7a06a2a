package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.List;

/**
 * A queued or finished message as the delivery log shows it.
 *
 * @param envelopeSender the submitted {@code MAIL FROM}, empty string for the null reverse-path
 * @param nextAttemptAt  {@code null} when nothing is pending
 * @param lastAttemptAt  {@code null} before the first attempt
 */
public record MessageView(MessageId id, UnitId store, MessageStatus status, RoutingReason routingReason,
                          String routingExplanation, String envelopeSender, long size, Instant receivedAt,
                          Instant nextAttemptAt, Instant lastAttemptAt, int attempts, String lastError,
                          List<RecipientView> recipients) {
    public MessageView {
        recipients = List.copyOf(recipients);
    }

    /** One recipient's state; {@code lastReply} is {@code null} before any attempt. */
    public record RecipientView(String address, RecipientStatus status, String lastReply, Instant updatedAt) {
    }
}
