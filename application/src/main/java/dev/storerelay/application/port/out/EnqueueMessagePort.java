package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;

import java.time.Instant;
import java.util.function.Consumer;

/** Queues a message durably: the listener's submissions and the relay's own bounces. */
public interface EnqueueMessagePort {

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
}
