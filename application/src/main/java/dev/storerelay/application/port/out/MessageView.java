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
 * @param subject         the decoded {@code Subject} as received (at most 255 characters), {@code null} if none
 * @param messageIdHeader the {@code Message-ID} as received, {@code null} if none
 * @param sentAs          the address it last went out as, after the sender rewrite; {@code null} before an upstream
 *                        was asked
 */
public record MessageView(MessageId id, UnitId store, MessageStatus status, RoutingReason routingReason,
                          String routingExplanation, String envelopeSender, long size, Instant receivedAt,
                          Instant nextAttemptAt, Instant lastAttemptAt, int attempts, String lastError,
                          List<RecipientView> recipients, String subject, String messageIdHeader, String sentAs) {
    public MessageView {
        recipients = List.copyOf(recipients);
    }

    /** A message without subject, Message-ID or sent-as address. */
    public MessageView(MessageId id, UnitId store, MessageStatus status, RoutingReason routingReason,
                       String routingExplanation, String envelopeSender, long size, Instant receivedAt,
                       Instant nextAttemptAt, Instant lastAttemptAt, int attempts, String lastError,
                       List<RecipientView> recipients) {
        this(id, store, status, routingReason, routingExplanation, envelopeSender, size, receivedAt, nextAttemptAt,
                lastAttemptAt, attempts, lastError, recipients, null, null, null);
    }

    /**
     * Deferred: queued after at least one real attempt, waiting for {@link #nextAttemptAt()}; a queued message that
     * was never tried is simply queued.
     */
    public boolean deferred() {
        return status == MessageStatus.QUEUED && attempts > 0;
    }

    /** One recipient's state; {@code lastReply} is {@code null} before any attempt. */
    public record RecipientView(String address, RecipientStatus status, String lastReply, Instant updatedAt) {
    }
}
