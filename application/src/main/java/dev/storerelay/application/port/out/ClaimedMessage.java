package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A queued message a worker has leased for one delivery attempt.
 *
 * @param pendingRecipients the recipients still to deliver (never those already delivered or failed)
 * @param attemptsMade      attempts before this one
 * @param envelopeSender    {@code null} for the null reverse-path
 * @param fromDisplayName   the original {@code From:} display name, {@code null} if none
 * @param sendSlot          the slot the message was given under its store's rate limit, {@code null} if none
 * @param messageIdHeader   the value of the original {@code Message-ID} header, {@code null} if none; for the log
 */
public record ClaimedMessage(MessageId id, UnitId store, EmailAddress envelopeSender, List<EmailAddress> pendingRecipients,
                             String fromDisplayName,
                             MessageContent content, String clientName, String clientAddress, Instant receivedAt,
                             int attemptsMade, Instant sendSlot, String messageIdHeader) {
    public ClaimedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(store, "store");
        pendingRecipients = List.copyOf(pendingRecipients);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The same message under {@code other}: this one when the id is the same. */
    public ClaimedMessage withId(MessageId other) {
        if (other.equals(id)) {
            return this;
        }
        return new ClaimedMessage(other, store, envelopeSender, pendingRecipients, fromDisplayName, content, clientName,
                clientAddress, receivedAt, attemptsMade, sendSlot, messageIdHeader);
    }
}
