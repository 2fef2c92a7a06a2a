package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.domain.model.RefusedSubmission;
import io.netty.handler.codec.smtp.SmtpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Records the listener's refusals (the Refused page) without ever making an event loop wait for the database:
 * {@link #refused} puts a refusal into a bounded queue and returns; a writer thread of its own hands what has gathered,
 * up to a batch, to the use case. A full queue drops the refusal: a flood of refusals, or a database that is down or
 * slow, costs memory up to the bound and no time. A batch that cannot be written is tried again after a pause, for
 * about a minute (a database restarting or failing over), and then dropped. Every drop is counted
 * ({@code storerelay_refusals_dropped_total{reason}}) and logged at most once a minute.
 *
 * <p>{@link #start()} starts the writer; {@link #stop()} writes what is queued (a few seconds at most) and ends it.
 */
final class RefusalRecorder {
    static final int DEFAULT_CAPACITY = 10_000;
    static final int DEFAULT_MAX_BATCH = 500;
    static final Duration DEFAULT_FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofMinutes(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(15);
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(RefusalRecorder.class);

    /** Why a refusal went unrecorded; the metric's {@code reason} label. */
    enum Drop {
        /** The queue was full: refusals came faster than the database took them, or it is down. */
        QUEUE_FULL,
        /** The database did not take them for {@link #DEFAULT_GIVE_UP_AFTER}, or not before the listener stopped. */
        WRITE_FAILED,
        /** The connection had had {@link SessionRefusals#MAX_PER_CONNECTION} recorded already. */
        CONNECTION_LIMIT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final RecordRefusedSubmissionsUseCase writer;
    private final Clock clock;
    private final ListenerMetrics metrics;
    private final BlockingQueue<RefusedSubmission> queue;
    private final int capacity;
    private final int maxBatch;
    private final Duration firstPause;
    private final Duration giveUpAfter;
    private final LongSupplier nanoTime;
    private final LongAdder unwarned = new LongAdder();
    private final AtomicLong nextWarning;
    private Thread thread;
    private volatile boolean running;
    // Set while the writer has found the queue empty and is about to park: only then does a refusal unpark it.
    private volatile boolean idle;

    /**
     * @param capacity    refusals queued at most
     * @param maxBatch    refusals written in one call at most
     * @param firstPause  the pause after a failed write, doubled after each further failure up to 15 s
     * @param giveUpAfter how long a batch is tried before it is dropped
     * @param nanoTime    the clock of the pauses and of the warnings' interval
     */
    RefusalRecorder(RecordRefusedSubmissionsUseCase writer, Clock clock, ListenerMetrics metrics, int capacity,
                    int maxBatch, Duration firstPause, Duration giveUpAfter, LongSupplier nanoTime) {
        this.writer = writer;
        this.clock = clock;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.firstPause = firstPause;
        this.giveUpAfter = giveUpAfter;
        this.nanoTime = nanoTime;
        this.nextWarning = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Queues a refusal now, or drops it when the queue is full; returns at once. Any thread, event loops included.
     *
     * @param clientName {@code null} before EHLO or HELO
     * @param mailFrom   {@code null} when no sender was given, {@code ""} for {@code <>}
     */
    void refused(String clientAddress, String clientName, String mailFrom, List<String> recipients, SmtpResponse reply) {
        RefusedSubmission refusal = new RefusedSubmission(clock.instant(), clientAddress, clientName, mailFrom,
                recipients, RefusedSubmission.Reply.of(reply.code(), String.join(" ", reply.details())));
        if (!queue.offer(refusal)) {
            dropped(Drop.QUEUE_FULL, 1);
        } else if (idle) {
            LockSupport.unpark(thread);
        }
    }

    /** A refusal not recorded on purpose: counted, not logged. */
    void notRecorded(Drop reason) {
        metrics.refusalsDropped(reason, 1);
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::writeUntilStopped, "smtp-refusals");
        thread.setDaemon(true);                         // a write that hangs must not keep the process alive
        thread.start();
    }

    /** Writes what is queued, giving it {@value #STOP_TIMEOUT_SECONDS} seconds at most, and ends the writer. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(STOP_TIMEOUT_SECONDS).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("The refused submissions still queued were not written within {} s of the stop",
                    STOP_TIMEOUT_SECONDS);
        }
        thread = null;
    }

    private void writeUntilStopped() {
        List<RefusedSubmission> batch = new ArrayList<>(maxBatch);
        while (true) {
            queue.drainTo(batch, maxBatch);
            if (!batch.isEmpty()) {
                write(List.copyOf(batch));
                batch.clear();
            } else if (!running) {
                return;
            } else {
                idle = true;
                // Looked at again after announcing idleness: a refusal queued in between is not left waiting.
                if (queue.isEmpty() && running) {
                    LockSupport.park(this);
                }
                idle = false;
            }
        }
    }

    /** Writes the batch, trying again after pauses while the listener runs and the batch is not too old. */
    private void write(List<RefusedSubmission> batch) {
        long giveUpAt = nanoTime.getAsLong() + giveUpAfter.toNanos();
        Duration pause = firstPause;
        while (true) {
            try {
                writer.record(batch);
                return;
            } catch (RuntimeException e) {
                if (!running || nanoTime.getAsLong() - giveUpAt >= 0) {
                    dropped(Drop.WRITE_FAILED, batch.size(), e);
                    return;
                }
                log.debug("Could not record {} refused submission(s); trying again in {}", batch.size(), pause, e);
                LockSupport.parkNanos(this, pause.toNanos());   // stop() cuts it short
                Duration doubled = pause.multipliedBy(2);
                pause = doubled.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : doubled;
            }
        }
    }

    private void dropped(Drop reason, int count) {
        dropped(reason, count, null);
    }

    /** Counts the drop, and logs a warning with what was dropped since the last one when a minute has passed. */
    private void dropped(Drop reason, int count, RuntimeException failure) {
        metrics.refusalsDropped(reason, count);
        unwarned.add(count);
        long now = nanoTime.getAsLong();
        long due = nextWarning.get();
        if (now - due >= 0 && nextWarning.compareAndSet(due, now + WARN_INTERVAL.toNanos())) {
            log.warn("{} refused submission(s) not recorded for the Refused page since the last such warning, the latest"
                            + " because {} (storerelay_refusals_dropped_total counts them; next warning in a minute at"
                            + " the earliest)", unwarned.sumThenReset(),
                    reason == Drop.QUEUE_FULL ? "the queue of " + capacity + " was full"
                            : "they could not be written: " + failure);
        }
    }
}
