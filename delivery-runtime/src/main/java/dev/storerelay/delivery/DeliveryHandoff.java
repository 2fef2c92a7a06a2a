package dev.storerelay.delivery;

import dev.storerelay.application.port.out.ClaimedMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Messages the listener just queued, handed straight to this process's delivery workers: each is queued already
 * leased to {@link #owner()}, so no worker has to claim it or read its content back from the database. A message may
 * be handed over while its insert is still being committed ({@link PendingInsert}).
 * Room is limited; a message that finds none is queued as due and claimed the ordinary way. If the process dies
 * first, the lease lapses and any worker delivers the message.
 */
public final class DeliveryHandoff {
    private final String owner;
    private final Duration lease;
    private final Semaphore room;
    private final ConcurrentLinkedQueue<HandedOff> ready = new ConcurrentLinkedQueue<>();

    /**
     * @param owner    the lease owner of handed-off messages; unique to this process
     * @param capacity messages that may wait for a worker at once
     * @param lease    how long a handed-off message stays leased
     */
    public DeliveryHandoff(String owner, int capacity, Duration lease) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.room = new Semaphore(capacity);
    }

    public String owner() {
        return owner;
    }

    Instant leaseUntil(Instant now) {
        return now.plus(lease);
    }

    /** Takes a place for a message about to be queued; false when the workers are behind already. */
    boolean reserve() {
        return room.tryAcquire();
    }

    /** Gives back a place taken by {@link #reserve()} whose message was not queued. */
    void cancel() {
        room.release();
    }

    /** Hands over a message queued in a reserved place. */
    void put(ClaimedMessage message) {
        put(message, PendingInsert.queued(message.id()));
    }

    /** Hands over a message in a reserved place whose insert may still be under way. */
    void put(ClaimedMessage message, PendingInsert insert) {
        ready.add(new HandedOff(message, insert));
    }

    /** The oldest handed-off message, if any; its place stays taken until {@link #finished()}. */
    Optional<HandedOff> take() {
        return Optional.ofNullable(ready.poll());
    }

    /** A handed-off message and how its insert ended, or will. */
    record HandedOff(ClaimedMessage message, PendingInsert insert) {
        HandedOff {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(insert, "insert");
        }
    }

    /**
     * A taken message was delivered or given back to the queue: its place is free. Counting places until then, and
     * not only until a worker takes the message, keeps the workers of a busy store from taking on more and more.
     */
    void finished() {
        room.release();
    }
}
