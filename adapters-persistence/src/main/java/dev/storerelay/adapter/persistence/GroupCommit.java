package dev.storerelay.adapter.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Group commit: writes that arrive while another is being committed are committed together, in one transaction
 * and one log flush, by whichever caller gets to write next. Each caller still returns only after its own item is
 * committed. On its own a caller writes at once (no waiting for company), so a single client is not slowed down.
 *
 * <p>If a batch fails, its items are written again one by one, so one bad item fails only its own caller. A batch of
 * one is written again only after a failure that {@code afterFailure} accepts (a lost connection: another may work; a
 * deadlock the server broke by rolling this batch back); {@code afterFailure} learns of every failed batch first, so it
 * may prepare the writing again (new connections).
 *
 * <p>A caller that has gathered a group itself writes it with {@link #writeAll}.
 */
final class GroupCommit<T, R> {
    /** Writes items in one transaction and returns one result per item, in order. */
    @FunctionalInterface
    interface BatchWriter<T, R> {
        List<R> write(List<T> items);
    }

    private final BatchWriter<T, R> writer;
    private final int maxBatch;
    private final Predicate<RuntimeException> afterFailure;
    private final ConcurrentLinkedQueue<PendingWrite<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    /** @param afterFailure told of every failed batch; true if a batch of one is worth writing once more */
    GroupCommit(BatchWriter<T, R> writer, int maxBatch, Predicate<RuntimeException> afterFailure) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.afterFailure = afterFailure;
    }

    /**
     * Writes the items as one batch, between the batches of {@link #submit}'s callers, and returns each item's
     * completed result: its value, or the failure that kept it from being written.
     */
    List<CompletableFuture<R>> writeAll(List<T> items) {
        List<PendingWrite<T, R>> batch = items.stream().map(item -> new PendingWrite<T, R>(item)).toList();
        writing.lock();
        try {
            write(batch);
        } finally {
            writing.unlock();
        }
        PendingWrite<T, R> next = waiting.peek();
        if (next != null) {
            next.wake();
        }
        return batch.stream().map(PendingWrite::future).toList();
    }

    /** Writes the item, probably together with others, and returns its result once it is committed. */
    R submit(T item) {
        PendingWrite<T, R> mine = new PendingWrite<>(item);
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
                PendingWrite<T, R> next = waiting.peek();
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
        List<PendingWrite<T, R>> batch = new ArrayList<>();
        PendingWrite<T, R> next;
        while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (!batch.isEmpty()) {
            write(batch);
        }
    }

    private void write(List<PendingWrite<T, R>> batch) {
        try {
            List<R> results = writer.write(batch.stream().map(PendingWrite::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(results.get(i), null);
            }
        } catch (RuntimeException batchFailed) {
            boolean worthAnotherTry = afterFailure.test(batchFailed);
            if (batch.size() == 1 && !worthAnotherTry) {
                batch.get(0).complete(null, batchFailed);
                return;
            }
            for (PendingWrite<T, R> alone : batch) {
                try {
                    alone.complete(writer.write(List.of(alone.item())).get(0), null);
                } catch (RuntimeException e) {
                    alone.complete(null, e);
                }
            }
        }
    }
}
