package dev.storerelay.application.port.out;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Records what a delivery attempt did, under the lease of the worker that made it. */
public interface RecordAttemptPort {

    /**
     * Records an attempt: recipient statuses and replies, the attempt history, the next attempt time or the held
     * mark, and releases the lease. Ignored (returns false) when {@code worker} no longer holds the lease.
     */
    boolean recordAttempt(DeliveryAttempt attempt, String worker);

    /**
     * {@link #recordAttempt}, but the caller need not wait: the result comes when the attempt is recorded (or the
     * recording failed, and the message stays leased until its lease lapses). By default it records at once.
     */
    default CompletionStage<Boolean> recordAttemptLater(DeliveryAttempt attempt, String worker) {
        try {
            return CompletableFuture.completedFuture(recordAttempt(attempt, worker));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
