package dev.storerelay.delivery;

import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.RecordAttemptPort;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Records delivered outcomes at once on the delivery thread, or, after {@link #defer()}, only when the test calls
 * {@link #complete()}: an outcome recorder whose commit the test decides.
 */
final class DeferrableRecording implements OutcomeRecording {
    private final RecordAttemptPort records;
    private final List<Runnable> heldBack = new ArrayList<>();
    private boolean deferring;

    DeferrableRecording(RecordAttemptPort records) {
        this.records = records;
    }

    @Override
    public synchronized CompletionStage<Boolean> recordLater(ClaimedMessage message, DeliveryAttempt attempt,
                                                             String worker) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Runnable recording = () -> {
            try {
                result.complete(records.recordAttempt(attempt, worker));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (deferring) {
            heldBack.add(recording);
        } else {
            recording.run();
        }
        return result;
    }

    /** From now on outcomes are recorded only when {@link #complete()} is called. */
    synchronized void defer() {
        deferring = true;
    }

    /** Records the outcomes held back since the last call, on the calling thread, and completes their results. */
    void complete() {
        List<Runnable> due;
        synchronized (this) {
            due = new ArrayList<>(heldBack);
            heldBack.clear();
        }
        due.forEach(Runnable::run);
    }
}
