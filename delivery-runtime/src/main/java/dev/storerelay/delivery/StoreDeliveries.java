package dev.storerelay.delivery;

import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * This process's deliveries under way per store, against each store's cap, and the claimed messages that wait in
 * memory (still leased) for a free delivery of their store, oldest first. A message that waited too long is handed
 * back to the caller instead of being delivered late. Thread-safe.
 *
 * @param <T> a waiting message
 */
final class StoreDeliveries<T> {
    private final Function<T, UnitId> storeOf;
    private final Function<T, Instant> waitingSince;
    private final int maxWaiting;
    private final Map<UnitId, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<UnitId, Queue<T>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger waitingCount = new AtomicInteger();

    /** @param maxWaiting messages that may wait in memory before {@link #await} refuses more */
    StoreDeliveries(Function<T, UnitId> storeOf, Function<T, Instant> waitingSince, int maxWaiting) {
        this.storeOf = storeOf;
        this.waitingSince = waitingSince;
        this.maxWaiting = maxWaiting;
    }

    /** Counts a delivery of the store in, unless the store has {@code cap} deliveries under way. */
    boolean tryStart(UnitId store, int cap) {
        AtomicInteger count = running.computeIfAbsent(store, s -> new AtomicInteger());
        if (count.incrementAndGet() > cap) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /** A delivery counted in by {@link #tryStart} is over. */
    void ended(UnitId store) {
        running.get(store).decrementAndGet();
    }

    /**
     * Lets the message wait for a free delivery of its store; false (it does not wait) when {@code maxWaiting}
     * messages wait already, unless {@code always}.
     */
    boolean await(T message, boolean always) {
        if (waitingCount.incrementAndGet() > maxWaiting && !always) {
            waitingCount.decrementAndGet();
            return false;
        }
        waiting.computeIfAbsent(storeOf.apply(message), s -> new ConcurrentLinkedQueue<>()).add(message);
        return true;
    }

    /** The store's oldest waiting message; those waiting since {@code tooOld} or before go to {@code stale}. */
    Optional<T> next(UnitId store, Instant tooOld, Consumer<T> stale) {
        Queue<T> queue = waiting.get(store);
        if (queue == null) {
            return Optional.empty();
        }
        for (T message; (message = queue.poll()) != null; ) {
            waitingCount.decrementAndGet();
            if (waitingSince.apply(message).isAfter(tooOld)) {
                return Optional.of(message);
            }
            stale.accept(message);
        }
        return Optional.empty();
    }

    /** The store's oldest waiting message ({@link #next}) if it has fewer than {@code cap} deliveries under way. */
    Optional<T> nextIfFree(UnitId store, int cap, Instant tooOld, Consumer<T> stale) {
        AtomicInteger count = running.get(store);
        return count == null || count.get() < cap ? next(store, tooOld, stale) : Optional.empty();
    }

    /** The next waiting message ({@link #next}) of each store that has fewer than its cap of deliveries under way. */
    List<T> ready(ToIntFunction<UnitId> capOf, Instant tooOld, Consumer<T> stale) {
        List<T> ready = new ArrayList<>();
        waiting.forEach((store, queue) -> {
            if (!queue.isEmpty()) {
                nextIfFree(store, capOf.applyAsInt(store), tooOld, stale).ifPresent(ready::add);
            }
        });
        return ready;
    }

    /** Takes every waiting message out. */
    List<T> drain() {
        List<T> all = new ArrayList<>();
        for (Queue<T> queue : waiting.values()) {
            for (T message; (message = queue.poll()) != null; ) {
                waitingCount.decrementAndGet();
                all.add(message);
            }
        }
        return all;
    }

    /** How many more messages may wait; zero or less when claiming should stop. */
    int room() {
        return maxWaiting - waitingCount.get();
    }
}
