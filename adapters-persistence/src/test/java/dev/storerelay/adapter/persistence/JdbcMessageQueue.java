package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimDueMessagesPort;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.application.testing.MessageQueuePort;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.port.out.PurgeMessagesPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The queue's one-purpose adapters as one {@link MessageQueuePort}, for the tests that exercise the queue as a whole
 * (and the contract its in-memory fake passes too). It only forwards: each call goes to the adapter named for it.
 */
final class JdbcMessageQueue implements MessageQueuePort {
    private final EnqueueMessagePort enqueue;
    private final ClaimDueMessagesPort claim;
    private final RecordAttemptPort record;
    private final JdbcHeldMailAdapter waiting;
    private final MessageActionsPort actions;
    private final PurgeMessagesPort purge;

    JdbcMessageQueue(EnqueueMessagePort enqueue, ClaimDueMessagesPort claim, RecordAttemptPort record,
                     JdbcHeldMailAdapter waiting, MessageActionsPort actions, PurgeMessagesPort purge) {
        this.enqueue = Objects.requireNonNull(enqueue, "enqueue");
        this.claim = Objects.requireNonNull(claim, "claim");
        this.record = Objects.requireNonNull(record, "record");
        this.waiting = Objects.requireNonNull(waiting, "waiting");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.purge = Objects.requireNonNull(purge, "purge");
    }

    @Override
    public MessageId enqueue(NewMessage message) {
        return enqueue.enqueue(message);
    }

    @Override
    public MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil) {
        return enqueue.enqueueClaimed(message, worker, leaseUntil);
    }

    @Override
    public MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil, Consumer<MessageId> idKnown) {
        return enqueue.enqueueClaimed(message, worker, leaseUntil, idKnown);
    }

    @Override
    public List<ClaimedMessage> claimDue(Instant now, int max, String worker, Instant leaseUntil) {
        return claim.claimDue(now, max, worker, leaseUntil);
    }

    @Override
    public boolean postpone(MessageId id, Instant dueAt, String worker) {
        return claim.postpone(id, dueAt, worker);
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return claim.nextDueAt();
    }

    @Override
    public boolean recordAttempt(DeliveryAttempt attempt, String worker) {
        return record.recordAttempt(attempt, worker);
    }

    @Override
    public List<CompletableFuture<Boolean>> recordAttempts(List<LeasedAttempt> attempts) {
        return record.recordAttempts(attempts);
    }

    @Override
    public int releaseHeld(Instant now) {
        return waiting.releaseHeld(now);
    }

    @Override
    public Set<UnitId> storesWithHeldMail() {
        return waiting.storesWithHeldMail();
    }

    @Override
    public int retryDeferred(Set<UnitId> stores, Instant now) {
        return waiting.retryDeferred(stores, now);
    }

    @Override
    public boolean retryNow(MessageId id, Instant now) {
        return actions.retryNow(id, now);
    }

    @Override
    public boolean discard(MessageId id, Instant now) {
        return actions.discard(id, now);
    }

    @Override
    public int deleteFinishedBefore(Instant before) {
        return purge.deleteFinishedBefore(before);
    }
}
