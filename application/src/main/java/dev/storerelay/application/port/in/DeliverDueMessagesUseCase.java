package dev.storerelay.application.port.in;

import java.time.Instant;
import java.util.Optional;

/** One round of the delivery workers. */
public interface DeliverDueMessagesUseCase {

    /**
     * Claims up to {@code maxMessages} due messages for {@code worker}, delivers each (or holds it when its store
     * has no server) and records the outcome. Returns how many were processed.
     */
    int deliverDue(String worker, int maxMessages);

    /** When the next queued message falls due, if any. */
    Optional<Instant> nextDueAt();
}
