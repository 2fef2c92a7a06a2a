package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The durable queue. Safe for several relay processes on one database: a message is leased by one worker at a
 * time, and a lease that is not released (crashed worker) lapses at its end.
 */
public interface MessageQueuePort {

    /**
     * Stores the message, its recipients (all pending, due now) and its content in one transaction, and returns
     * only after the commit: the caller acknowledges the client on that.
     */
    MessageId enqueue(NewMessage message);

    /**
     * Like {@link #enqueue}, but the message is leased to {@code worker} until {@code leaseUntil} in the same
     * transaction: the caller hands it to a worker of this process straight away, without a round through the queue.
     * Should this process die first, the lease lapses and any worker delivers it.
     */
    MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil);

    /**
     * Like {@link #enqueueClaimed(NewMessage, String, Instant)}, and tells {@code idKnown} the message's id as soon as
     * the database has given it, which may be before the commit: a worker can start on the message meanwhile. It is
     * told at most once, possibly on another thread, and maybe not at all. The message is queued under the id this
     * method returns; if that is another id, or if this method throws, the id told was never queued.
     */
    default MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil,
                                     Consumer<MessageId> idKnown) {
        return enqueueClaimed(message, worker, leaseUntil);
    }

    /**
     * Leases up to {@code max} messages that are due ({@code next attempt <= now}) and not leased by anyone else,
     * oldest due first, until {@code leaseUntil}. Held messages are due only at their expiry.
     */
    List<ClaimedMessage> claimDue(Instant now, int max, String worker, Instant leaseUntil);

    /**
     * Records an attempt: recipient statuses and replies, the attempt history, the next attempt time or the held
     * mark, and releases the lease. Ignored (returns false) when {@code worker} no longer holds the lease.
     */
    boolean recordAttempt(DeliveryAttempt attempt, String worker);

    /**
     * {@link #recordAttempt}, but the caller need not wait: the result comes when the attempt is recorded (or the
     * recording failed, and the message stays leased until its lease lapses). By default it records at once.
     */
    default CompletionStage<Boolean> recordAttemptLater(DeliveryAttempt attempt, String worker) {
        try {
            return CompletableFuture.completedFuture(recordAttempt(attempt, worker));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Gives a claimed message back untried, due again at {@code dueAt}, without an attempt-history entry (e.g. its
     * store has its maximum of deliveries under way). Ignored (false) when {@code worker} no longer holds the lease.
     */
    boolean postpone(MessageId id, Instant dueAt, String worker);

    /** When the next message falls due, if any is waiting (held messages count at their expiry). */
    Optional<Instant> nextDueAt();

    /** Makes every held message due now (settings were changed; they may be deliverable). Returns how many. */
    int releaseHeld(Instant now);

    /**
     * Makes the deferred messages of these stores due now: queued, not held, waiting for a later attempt. A message
     * leased to a worker stays due at its lease's end (its attempt is under way). Returns how many.
     */
    int retryDeferred(Set<UnitId> stores, Instant now);

    /** The stores that have held messages. */
    Set<UnitId> storesWithHeldMail();

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

    /**
     * Deletes the messages received before {@code before} whose recipients are all final (delivered, failed or
     * expired) and whose last change was before {@code before}, with their recipients, attempt history and content.
     * Returns how many. Messages still pending are kept whatever their age.
     */
    int deleteFinishedBefore(Instant before);
}
