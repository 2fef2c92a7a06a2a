package dev.storerelay.adapter.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: writes that arrive while another is being committed are committed together, in one transaction
 * and one log flush, by whichever caller gets to write next. Each caller still returns only after its own item is
 * committed. On its own a caller writes at once (no waiting for company), so a single client is not slowed down.
 *
 * <p>If a batch fails, its items are written again one by one, so one bad item fails only its own caller.
 */
final class GroupCommit<T, R> {
    /** Writes items in one transaction and returns one result per item, in order. */
    @FunctionalInterface
    interface BatchWriter<T, R> {
        List<R> write(List<T> items);
    }

    private final BatchWriter<T, R> writer;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    GroupCommit(BatchWriter<T, R> writer, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
    }

    /** Writes the item, probably together with others, and returns its result once it is committed. */
    R submit(T item) {
        Pending<T, R> mine = new Pending<>(item);
        waiting.add(mine);
        while (true) {
            if (writing.tryLock()) {
                try {
                    if (!mine.isDone()) {
                        writeBatch();
                    }
                } finally {
                    writing.unlock();
                }
                // Whoever is still waiting may write the next batch.
                Pending<T, R> next = waiting.peek();
                if (next != null) {
                    next.wake();
                }
            } else {
                // Another caller is writing; it takes this item into its batch or wakes it to write the next one.
                mine.awaitDoneOrWake();
            }
            if (mine.isDone()) {
                return mine.result();
            }
        }
    }

    /** Items submitted and not yet taken into a batch. */
    int waitingCount() {
        return waiting.size();
    }

    private void writeBatch() {
        List<Pending<T, R>> batch = new ArrayList<>();
        Pending<T, R> next;
        while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<R> results = writer.write(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(results.get(i), null);
            }
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).complete(null, batchFailed);
                return;
            }
            for (Pending<T, R> alone : batch) {
                try {
                    alone.complete(writer.write(List.of(alone.item())).get(0), null);
                } catch (RuntimeException e) {
                    alone.complete(null, e);
                }
            }
        }
    }

    /** One caller's item and, once written, its result or failure. */
    private static final class Pending<T, R> {
        // A wake-up can be missed between a waiter's check and its wait only if it waited without a time limit.
        private static final long MAX_WAIT_MICROS = 10_000;

        private final T item;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private boolean done;
        private boolean woken;
        private R result;
        private RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }

        T item() {
            return item;
        }

        void complete(R value, RuntimeException error) {
            lock.lock();
            try {
                result = value;
                failure = error;
                done = true;
                changed.signal();
            } finally {
                lock.unlock();
            }
        }

        void wake() {
            lock.lock();
            try {
                woken = true;
                changed.signal();
            } finally {
                lock.unlock();
            }
        }

        boolean isDone() {
            lock.lock();
            try {
                return done;
            } finally {
                lock.unlock();
            }
        }

        void awaitDoneOrWake() {
            lock.lock();
            try {
                if (!done && !woken) {
                    changed.await(MAX_WAIT_MICROS, TimeUnit.MICROSECONDS);
                }
                woken = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a database commit", e);
            } finally {
                lock.unlock();
            }
        }

        R result() {
            lock.lock();
            try {
                if (failure != null) {
                    throw failure;
                }
                return result;
            } finally {
                lock.unlock();
            }
        }
    }
}
