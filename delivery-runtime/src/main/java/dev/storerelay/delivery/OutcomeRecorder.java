package dev.storerelay.delivery;

import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.application.port.out.RecordAttemptPort.LeasedAttempt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@code delivery-recorder} thread: commits delivered outcomes in groups while the delivery threads move on.
 * Outcomes that arrive within a few milliseconds of each other share one transaction and one log flush. Until its
 * outcome is committed a message stays leased, so one this thread never gets to is delivered again when its lease
 * lapses (at least once).
 */
public final class OutcomeRecorder implements OutcomeRecording {
    /** Attempts committed in one transaction at most: the database adapter's own group limit. */
    private static final int MAX_GROUP = 64;
    /** How long a first outcome waits for company; nobody waits for it. */
    private static final Duration LINGER = Duration.ofMillis(5);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final RecordAttemptPort records;
    private final MessageContextPort context;
    private final LinkedBlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
    private Thread thread;

    private record Waiting(LeasedAttempt attempt, CompletableFuture<Boolean> result) {
    }

    public OutcomeRecorder(RecordAttemptPort records, MessageContextPort context) {
        this.records = Objects.requireNonNull(records, "records");
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public CompletionStage<Boolean> recordLater(ClaimedMessage message, DeliveryAttempt attempt, String worker) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        waiting.add(new Waiting(new LeasedAttempt(attempt, worker,
                () -> context.enter(message.id(), message.store(), message.messageIdHeader())), result));
        return result;
    }

    /** Starts the thread; outcomes handed over before wait for it. */
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::recordUntilInterrupted, "delivery-recorder");
            // A daemon: what it has not written yet is still leased, and comes back when the lease lapses.
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Records what is waiting and ends the thread. The delivery threads have stopped and their outcomes are
     * recorded by then ({@link DeliveryDispatcher#releaseUndelivered()} waits for them), so nothing new arrives.
     */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    private void recordUntilInterrupted() {
        List<Waiting> group = new ArrayList<>(MAX_GROUP);
        boolean interrupted = false;
        while (!interrupted || !waiting.isEmpty()) {
            try {
                if (!interrupted) {
                    group.add(waiting.take());
                    if (waiting.size() < MAX_GROUP - 1) {
                        // A moment's company makes fewer, larger transactions.
                        TimeUnit.NANOSECONDS.sleep(LINGER.toNanos());
                    }
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            waiting.drainTo(group, MAX_GROUP - group.size());
            if (!group.isEmpty()) {
                record(group);
                group.clear();
            }
        }
    }

    private void record(List<Waiting> group) {
        List<CompletableFuture<Boolean>> results;
        try {
            results = records.recordAttempts(group.stream().map(Waiting::attempt).toList());
        } catch (RuntimeException e) {
            group.forEach(w -> w.result().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            CompletableFuture<Boolean> result = group.get(i).result();
            results.get(i).whenComplete((recorded, error) -> {
                if (error == null) {
                    result.complete(recorded);
                } else {
                    result.completeExceptionally(error);
                }
            });
        }
    }
}
