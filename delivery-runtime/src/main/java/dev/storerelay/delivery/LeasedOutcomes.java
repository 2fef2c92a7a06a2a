package dev.storerelay.delivery;

import dev.storerelay.application.port.in.DeliverMessageUseCase;
import dev.storerelay.application.port.out.ClaimDueMessagesPort;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.RecordAttemptPort;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a leased message ends in this process: its outcome recorded (a delivered one without waiting for the commit),
 * or the message given back to the queue; either way a handed-off one frees its place in the hand-off, once. Also
 * settles a message taken before its insert was committed. Thread-safe: every delivery thread uses it.
 */
final class LeasedOutcomes {
    /** How long a worker waits to learn whether a message it took before the commit is queued. */
    static final Duration INSERT_OUTCOME_WAIT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(LeasedOutcomes.class.getName());

    private final ClaimDueMessagesPort claims;
    private final RecordAttemptPort records;
    private final OutcomeRecording recorder;
    private final DeliverMessageUseCase deliver;
    private final DeliveryHandoff handoff;
    private final MessageContextPort context;
    private final NextDueTime nextDue;
    // One party per outcome handed to the recorder and not yet recorded, and one for this object itself. A Phaser
    // takes 65,535 parties; the outcomes in flight are bounded by the messages the delivery threads hold.
    private final Phaser recording = new Phaser(1);

    LeasedOutcomes(ClaimDueMessagesPort claims, RecordAttemptPort records, OutcomeRecording recorder,
                   DeliverMessageUseCase deliver, DeliveryHandoff handoff, MessageContextPort context,
                   NextDueTime nextDue) {
        this.claims = claims;
        this.records = records;
        this.recorder = recorder;
        this.deliver = deliver;
        this.handoff = handoff;
        this.context = context;
        this.nextDue = nextDue;
    }

    /** Whether the message is the hand-off's (handed over by the listener) rather than a worker's. */
    boolean handedOff(Parked leased) {
        return handoff.owner().equals(leased.owner());
    }

    /**
     * Waits for the insert of a message taken before its commit: the message as queued, under the id the insert
     * ended with; null when it was not queued, or is still not known (the lease brings it back if it was), and its
     * place in the hand-off is given back.
     */
    Parked settle(Parked taken) {
        if (taken.insert() == null) {
            return taken;
        }
        PendingInsert.Outcome outcome = taken.insert().await(INSERT_OUTCOME_WAIT);
        if (outcome instanceof PendingInsert.Queued queued) {
            // The same place in the hand-off: given back once, whichever of the two is finished.
            return new Parked(taken.message().withId(queued.id()), taken.owner(), taken.since(), null, taken.settled());
        }
        if (outcome instanceof PendingInsert.Undecided) {
            LOG.log(System.Logger.Level.WARNING, "whether message " + taken.message().id() + " was queued is not known"
                    + " (waited up to " + INSERT_OUTCOME_WAIT.toSeconds() + " s, or stopping); if it was, it is delivered"
                    + " when its lease lapses");
        }
        finished(taken);
        return null;
    }

    /**
     * Records a delivery's outcome without waiting for the commit, so the thread can deliver the next message
     * meanwhile; the message stays leased until then (if the process dies first, the lease lapses and the message is
     * delivered again: at least once). An outcome with a failed recipient is recorded at once: its bounce must only
     * go out for a recorded failure.
     */
    void recordDelivery(ClaimedMessage message, DeliveryAttempt attempt, Parked leased) {
        // What the upstream said (or the hold) is told whether or not it is recorded in time: it happened.
        deliver.report(message, attempt);
        if (attempt.hasFailedRecipient()) {
            if (record(attempt, leased)) {
                deliver.bounce(message, attempt);
            }
            return;
        }
        nextDue.noted(attempt.nextAttemptAt());
        recording.register();
        recorder.recordLater(message, attempt, leased.owner()).whenComplete((recorded, error) -> {
            // On the thread that committed the outcome, maybe with other messages' outcomes.
            MessageContextPort.Scope scope = enter(message);
            try {
                if (error != null) {
                    LOG.log(System.Logger.Level.WARNING, "could not record the delivery of message " + message.id()
                            + "; it is delivered again when its lease lapses: " + error);
                }
                finished(leased);
                recording.arriveAndDeregister();
            } finally {
                scope.close();
            }
        });
    }

    /** Records the attempt under the message's lease; false when the lease was lost (another worker took over). */
    boolean record(DeliveryAttempt attempt, Parked leased) {
        nextDue.noted(attempt.nextAttemptAt());
        try {
            return records.recordAttempt(attempt, leased.owner());
        } finally {
            finished(leased);
        }
    }

    /** Gives a leased message back to the queue, due at {@code due}, untried. */
    void giveBack(Parked leased, Instant due) {
        nextDue.noted(due);
        try {
            claims.postpone(leased.message().id(), due, leased.owner());
        } finally {
            finished(leased);
        }
    }

    /** The message is recorded or given back: a handed-off one frees its place in the hand-off (once). */
    void finished(Parked leased) {
        if (handedOff(leased) && leased.settled().compareAndSet(false, true)) {
            handoff.finished();
        }
    }

    /** Waits until every outcome handed to {@link #recordDelivery} is recorded (or has failed), at most {@code max}. */
    void awaitRecordings(Duration max) {
        try {
            // The phase ends when this object's own party and every outcome's party have arrived.
            recording.awaitAdvanceInterruptibly(recording.arrive(), max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "outcomes still being recorded after " + max
                    + "; their messages are delivered again when their leases lapse");
        }
    }

    MessageContextPort.Scope enter(ClaimedMessage message) {
        return context.enter(message.id(), message.store(), message.messageIdHeader());
    }
}
