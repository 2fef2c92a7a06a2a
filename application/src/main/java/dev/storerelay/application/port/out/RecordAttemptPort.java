package dev.storerelay.application.port.out;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Records what a delivery attempt did, under the lease of the worker that made it. */
public interface RecordAttemptPort {

    /**
     * Records an attempt: recipient statuses and replies, the attempt history, the next attempt time or the held
     * mark, and releases the lease. Ignored (returns false) when {@code worker} no longer holds the lease.
     */
    boolean recordAttempt(DeliveryAttempt attempt, String worker);

    /**
     * Records the attempts together, in one transaction where the database allows (each alone after a group failed),
     * and returns one completed result per attempt, in order: {@link #recordAttempt}'s answer, or the failure that
     * kept that attempt from being recorded (its message stays leased until the lease lapses).
     */
    List<CompletableFuture<Boolean>> recordAttempts(List<LeasedAttempt> attempts);

    /**
     * An attempt, the worker that claims its lease, and how to name its message in what the adapter reports about
     * it (its log lines) on whichever thread records it.
     */
    record LeasedAttempt(DeliveryAttempt attempt, String worker, Supplier<MessageContextPort.Scope> naming) {
        public LeasedAttempt {
            Objects.requireNonNull(attempt, "attempt");
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(naming, "naming");
        }
    }
}
