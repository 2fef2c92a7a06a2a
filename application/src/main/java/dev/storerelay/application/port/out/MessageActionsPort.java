package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;

import java.time.Instant;

/** An admin's actions on one message of the queue. */
public interface MessageActionsPort {

    /**
     * Makes a message's failed, expired or pending recipients pending again and due now. Returns false when the
     * message does not exist or all its recipients were delivered.
     */
    boolean retryNow(MessageId id, Instant now);

    /** The reply recorded for each recipient a discard gives up on. */
    String DISCARDED_REPLY = "discarded by an admin";

    /**
     * Marks every pending recipient of the message failed with {@link #DISCARDED_REPLY} and clears its next attempt
     * time, in one transaction; delivered (or otherwise final) recipients are untouched. A message leased to a worker
     * at {@code now} is left alone (false): its attempt is under way and will record what really happened, which a
     * discard must not hide (an attempt only updates pending recipients). Returns false also when the message does
     * not exist or has no pending recipient.
     */
    boolean discard(MessageId id, Instant now);
}
