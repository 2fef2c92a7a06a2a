package dev.storerelay.delivery;

import java.time.Instant;
import java.util.Optional;

/** One round of a delivery thread: what {@link DeliveryWorker}'s threads ask the {@link DeliveryDispatcher} for. */
interface DeliveryRounds {

    /**
     * Delivers messages that waited in this process for their store's next free delivery, or else claims up to
     * {@code maxMessages} due messages for {@code worker}, delivers each (or holds it when its store has no server)
     * and records the outcome. Returns how many were processed.
     */
    int deliverDue(String worker, int maxMessages);

    /**
     * Delivers one message the listener handed over just after committing it, if there is one (no database round
     * to claim it). Returns how many were processed: 0 or 1.
     */
    int deliverHandedOff();

    /**
     * Gives every message this process holds in memory but has not delivered (handed over, or waiting for its
     * store's next free delivery) back to the queue, due now: for a shutdown, so they need not wait for their
     * leases to lapse. Returns how many.
     */
    int releaseUndelivered();

    /** When the next queued message falls due, if any. */
    Optional<Instant> nextDueAt();
}
