package dev.storerelay.domain.model;

import java.util.Collection;

/** Where a queued message stands, as the admin sees it. */
public enum MessageStatus {
    /** Waiting for (another) delivery attempt. */
    QUEUED,
    /** Waiting because the store has no effective SMTP server; released as soon as one is configured. */
    HELD,
    /** Every recipient was delivered. */
    DELIVERED,
    /** Delivery has ended and at least one recipient failed permanently. */
    FAILED,
    /** Delivery has ended and at least one recipient expired (and none failed). */
    EXPIRED;

    /** The message's status from its recipients' statuses; {@code held} counts only while recipients are pending. */
    public static MessageStatus of(Collection<RecipientStatus> recipients, boolean held) {
        if (recipients.contains(RecipientStatus.PENDING)) {
            return held ? HELD : QUEUED;
        }
        if (recipients.contains(RecipientStatus.FAILED)) {
            return FAILED;
        }
        if (recipients.contains(RecipientStatus.EXPIRED)) {
            return EXPIRED;
        }
        return DELIVERED;
    }

    public boolean isFinal() {
        return this == DELIVERED || this == FAILED || this == EXPIRED;
    }
}
