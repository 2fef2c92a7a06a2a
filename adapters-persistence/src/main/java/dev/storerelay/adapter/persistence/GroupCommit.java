package dev.storerelay.adapter.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
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
 * <p>A caller that need not wait hands its item to {@link #submitLater}: a writer thread of the group's own takes
 * it into the next batch, and the caller goes on at once.
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
    private final String writerName;
    private final Duration linger;
    private Thread writerThread;
    // Set while the writer thread has nothing to write and is about to park; submitters unpark it only then.
    private volatile boolean writerIdle;

    GroupCommit(BatchWriter<T, R> writer, int maxBatch) {
        this(writer, maxBatch, failure -> false);
    }

    GroupCommit(BatchWriter<T, R> writer, int maxBatch, Predicate<RuntimeException> afterFailure) {
        this(writer, maxBatch, "group-commit", Duration.ZERO, afterFailure);
    }

    /**
     * @param writerName the name of the writer thread, started with the first {@link #submitLater}
     * @param linger     how long the writer thread waits for more items before it writes fewer than a full batch
     * @param afterFailure told of every failed batch; true if a batch of one is worth writing once more
     */
    GroupCommit(BatchWriter<T, R> writer, int maxBatch, String writerName, Duration linger,
                Predicate<RuntimeException> afterFailure) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.afterFailure = afterFailure;
        this.writerName = writerName;
        this.linger = linger;
    }

    /**
     * Queues the item for the writer thread and returns at once; the future completes when the item is committed,
     * or exceptionally when it could not be.
     */
    CompletableFuture<R> submitLater(T item) {
        PendingWrite<T, R> pending = new PendingWrite<>(item);
        waiting.add(pending);
        Thread thread = writerThread();
        if (writerIdle) {
            LockSupport.unpark(thread);
        }
        return pending.future();
    }

    private synchronized Thread writerThread() {
        if (writerThread == null) {
            writerThread = new Thread(this::writeWhileWaiting, writerName);
            // Daemon: what it has not written yet is still leased, and comes back when the lease lapses.
            writerThread.setDaemon(true);
            writerThread.start();
        }
        return writerThread;
    }

    private void writeWhileWaiting() {
        while (true) {
            if (waiting.isEmpty()) {
                writerIdle = true;
                // Checked again after announcing idleness: an item added in between is not left waiting.
                if (waiting.isEmpty()) {
                    LockSupport.park(this);
                }
                writerIdle = false;
                continue;
            }
            if (!linger.isZero() && waiting.size() < maxBatch) {
                // Nobody waits for these: a moment's company makes fewer, larger transactions.
                LockSupport.parkNanos(this, linger.toNanos());
            }
            writing.lock();
            try {
                writeBatch();
            } catch (RuntimeException e) {
                // writeBatch completes every item it takes, failures included; nothing else can throw
            } finally {
                writing.unlock();
            }
            PendingWrite<T, R> next = waiting.peek();
            if (next != null) {
                next.wake();
            }
        }
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
        if (batch.isEmpty()) {
            return;
        }
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
