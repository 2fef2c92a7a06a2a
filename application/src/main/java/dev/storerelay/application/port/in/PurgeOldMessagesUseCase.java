package dev.storerelay.application.port.in;

/** Keeps the queue and delivery log from growing without end: deletes finished messages past their retention. */
public interface PurgeOldMessagesUseCase {

    /** Deletes the messages that finished (delivered, failed or expired) longer ago than the retention; returns how many. */
    int purgeOldMessages();
}
