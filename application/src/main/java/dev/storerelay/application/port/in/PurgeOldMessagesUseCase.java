package dev.storerelay.application.port.in;

/**
 * Keeps the queue and delivery log from growing without end: deletes finished messages past their retention, and
 * the listener's refusals older than that.
 */
public interface PurgeOldMessagesUseCase {

    /** Deletes the messages that finished (delivered, failed or expired) longer ago than the retention; returns how many. */
    int purgeOldMessages();

    /** Deletes the refused submissions older than the retention; returns how many. */
    int purgeOldRefusals();
}
