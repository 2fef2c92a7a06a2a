package dev.storerelay.delivery;

import dev.storerelay.domain.model.UnitId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Parking per store: the deliveries under way per store, and claimed mail of stores that have their maximum under
 * way, waiting in memory (still leased) for the next free delivery instead of going back to the queue and being
 * claimed over and over. Mail that waited half its lease goes back to the queue instead. Thread-safe.
 */
final class ParkedMail {
    private static final int MIN_PARKED = 16;
    private static final int MAX_PARKED_PER_CAP = 64;

    private final StoreDeliveries<Parked> stores;
    private final LeasedOutcomes outcomes;
    private final Duration lease;
    private final Clock clock;

    ParkedMail(int maxDeliveriesPerStore, LeasedOutcomes outcomes, Duration lease, Clock clock) {
        this.stores = new StoreDeliveries<>(p -> p.message().store(), Parked::since, maxParked(maxDeliveriesPerStore));
        this.outcomes = outcomes;
        this.lease = lease;
        this.clock = clock;
    }

    /** Takes one of the store's deliveries, if fewer than {@code cap} are under way. */
    boolean tryStart(UnitId store, int cap) {
        return stores.tryStart(store, cap);
    }

    /** A delivery of the store ended: its connection is free. */
    void ended(UnitId store) {
        stores.ended(store);
    }

    /**
     * The store has its maximum of deliveries under way: the message waits in memory for the next free one. When too
     * many wait already, it goes back to the queue, due now, untried and without an attempt-history row.
     */
    void park(Parked message) {
        // Handed-off messages always wait here: the hand-off's own room bounds them.
        if (!stores.await(message, outcomes.handedOff(message))) {
            giveBackNow(message);
        }
    }

    /** Parked mail of stores that have a delivery free by now, each taking that delivery. */
    List<Parked> ready(ToIntFunction<UnitId> capOf) {
        return stores.ready(capOf, tooLongBefore(), this::giveBackNow);
    }

    /** The store's oldest parked message, to be delivered next on the delivery that just ended. */
    Optional<Parked> next(UnitId store) {
        return stores.next(store, tooLongBefore(), this::giveBackNow);
    }

    /** The store's oldest parked message, if the store has a delivery free, taking it. */
    Optional<Parked> nextIfFree(UnitId store, int cap) {
        return stores.nextIfFree(store, cap, tooLongBefore(), this::giveBackNow);
    }

    /** Every parked message, removed: for a shutdown. */
    List<Parked> drain() {
        return stores.drain();
    }

    /** How many more may be claimed before parked mail fills the room. */
    int room() {
        return stores.room();
    }

    /**
     * Parked messages from before this go back to the queue instead of being delivered: delivered later, one might
     * outlive its lease and be claimed by another worker meanwhile.
     */
    private Instant tooLongBefore() {
        return clock.instant().minus(lease.dividedBy(2));
    }

    private void giveBackNow(Parked leased) {
        outcomes.giveBack(leased, clock.instant());
    }

    /** Claimed messages that may wait in memory for a free delivery of their store, before claiming stops. */
    private static int maxParked(int maxDeliveriesPerStore) {
        return Math.max(MIN_PARKED, 2 * Math.min(maxDeliveriesPerStore, MAX_PARKED_PER_CAP));
    }
}
