package dev.storerelay.delivery;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.DataEndGate;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the listener's insert of a handed-off message ended. A worker may take the message as soon as its id is known,
 * while the insert is still being committed, and start sending it upstream; it ends the data only once the message
 * is known to be queued under that id. The insert may also end without the message queued (the client then got a
 * temporary failure and sends it again), or with the message queued under another id (its batch failed and it was
 * written again on its own).
 */
final class PendingInsert {
    /** What a worker learns, or does not learn in time. */
    sealed interface Outcome permits Queued, NotQueued, Undecided {
    }

    record Queued(MessageId id) implements Outcome {
        Queued {
            Objects.requireNonNull(id, "id");
        }
    }

    record NotQueued() implements Outcome {
    }

    /** Still not known after the wait: the message stays leased, and comes back when its lease lapses if queued. */
    record Undecided() implements Outcome {
    }

    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    // Set when a wait ran out: the worker asks at the end of the data and again afterwards, and waits once in all.
    private volatile boolean waitedOut;

    /** For a message whose insert is committed already. */
    static PendingInsert queued(MessageId id) {
        PendingInsert insert = new PendingInsert();
        insert.queuedAs(id);
        return insert;
    }

    void queuedAs(MessageId id) {
        outcome.complete(new Queued(id));
    }

    void notQueued() {
        outcome.complete(new NotQueued());
    }

    boolean decided() {
        return outcome.isDone();
    }

    /**
     * The outcome, waiting at most {@code max} for it; once a wait has run out, later calls do not wait again (a hung
     * database costs a worker one wait, not one per step).
     */
    Outcome await(Duration max) {
        if (waitedOut) {
            return outcome.getNow(new Undecided());
        }
        try {
            return outcome.get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            waitedOut = true;
            return new Undecided();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Undecided();
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e);
        }
    }

    /** Lets the data of the message sent as {@code sentAs} end only once it is queued under that id. */
    DataEndGate gateFor(MessageId sentAs, Duration max) {
        return () -> await(max) instanceof Queued queued && queued.id().equals(sentAs);
    }
}
