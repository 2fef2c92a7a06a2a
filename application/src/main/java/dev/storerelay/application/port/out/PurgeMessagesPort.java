package dev.storerelay.application.port.out;

import java.time.Instant;

/** Deletes finished messages past their retention. */
public interface PurgeMessagesPort {

    /**
     * Deletes the messages received before {@code before} whose recipients are all final (delivered, failed or
     * expired) and whose last change was before {@code before}, with their recipients, attempt history and content.
     * Returns how many. Messages still pending are kept whatever their age.
     */
    int deleteFinishedBefore(Instant before);
}
