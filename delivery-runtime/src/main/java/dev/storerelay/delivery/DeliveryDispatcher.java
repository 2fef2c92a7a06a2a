package dev.storerelay.delivery;

import dev.storerelay.application.port.in.DeliverMessageUseCase;
import dev.storerelay.application.port.in.StorePlan;
import dev.storerelay.application.port.out.ClaimDueMessagesPort;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DataEndGate;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.domain.model.UnitId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Feeds the delivery threads (docs/ARCHITECTURE.md, *The delivery runtime*): takes handed-off mail, claims due mail,
 * parks a busy store's mail in memory, has each message delivered by the application's {@link DeliverMessageUseCase}
 * on the calling thread, and records the outcome under the message's lease, a delivered one without waiting for the
 * commit.
 */
public final class DeliveryDispatcher implements DeliveryRounds {
    private static final Duration FULL_PARKING_RECHECK = Duration.ofMillis(200);
    /** How soon a message whose store had every permitted connection open (in any process) is tried again. */
    private static final Duration CONNECTIONS_BUSY_RECHECK = Duration.ofSeconds(1);
    private static final Duration RECORDINGS_ON_SHUTDOWN = Duration.ofSeconds(30);
    /** How long a worker waits to learn whether a message it took before the commit is queued. */
    private static final Duration INSERT_OUTCOME_WAIT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(DeliveryDispatcher.class.getName());
    private static final int MIN_PARKED = 16;
    private static final int MAX_PARKED_PER_CAP = 64;

    private final ClaimDueMessagesPort claims;
    private final RecordAttemptPort records;
    private final OutcomeRecording recorder;
    private final DeliverMessageUseCase deliver;
    private final DeliveryHandoff handoff;
    private final MessageContextPort context;
    private final Duration lease;
    private final Clock clock;
    // Deliveries under way per store, and claimed messages of stores that had their maximum under way.
    private final StoreDeliveries<Parked> stores;
    private final ReentrantLock claiming = new ReentrantLock();
    // One party per outcome handed to the queue to record and not yet recorded, and one for the dispatcher itself. A
    // Phaser takes 65,535 parties; the outcomes in flight are bounded by the messages the delivery threads hold.
    private final Phaser recording = new Phaser(1);
    private final NextDueTime nextDue;

    /**
     * @param recorder              records delivered outcomes while the delivery thread moves on
     * @param handoff               messages the listener hands over as it commits them
     * @param context               told which message a thread works on, from a delivery thread taking it to the
     *                              recording of its outcome (on whichever thread that ends)
     * @param lease                 how long a claimed message stays leased to its worker
     * @param maxDeliveriesPerStore the operator's default cap on one store's deliveries at once
     */
    public DeliveryDispatcher(ClaimDueMessagesPort claims, RecordAttemptPort records, OutcomeRecording recorder,
                              DeliverMessageUseCase deliver, DeliveryHandoff handoff, MessageContextPort context,
                              Duration lease, int maxDeliveriesPerStore, Clock clock) {
        this.claims = Objects.requireNonNull(claims, "claims");
        this.records = Objects.requireNonNull(records, "records");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.deliver = Objects.requireNonNull(deliver, "deliver");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
        this.context = Objects.requireNonNull(context, "context");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextDue = new NextDueTime(claims);
        this.stores = new StoreDeliveries<>(p -> p.message().store(), Parked::since, maxParked(maxDeliveriesPerStore));
    }

    @Override
    public int deliverDue(String worker, int maxMessages) {
        List<Parked> ready = stores.ready(deliver::connectionCap, parkedTooLongBefore(), this::giveBackNow);
        if (!ready.isEmpty()) {
            deliverAll(ready);
            return ready.size();
        }
        // One thread claims at a time, and no more than may wait in memory should the store be busy: the rest
        // stays in the queue, where other processes may take it. A thread that finds another claiming moves on.
        if (!claiming.tryLock()) {
            return 0;
        }
        List<ClaimedMessage> claimed;
        Instant now = clock.instant();
        // What was due by now is being looked at; a later due time stays remembered.
        nextDue.lookingAt(now);
        try {
            int room = Math.min(maxMessages, stores.room());
            claimed = room <= 0 ? List.of() : claims.claimDue(now, room, worker, now.plus(lease));
        } finally {
            claiming.unlock();
        }
        deliverAll(claimed.stream().map(m -> new Parked(m, worker, now)).toList());
        return claimed.size();
    }

    @Override
    public int deliverHandedOff() {
        Optional<DeliveryHandoff.HandedOff> taken = handoff.take();
        taken.ifPresent(h -> {
            MessageContextPort.Scope scope = enter(h.message());
            try {
                Parked parked = new Parked(h.message(), handoff.owner(), clock.instant(), h.insert());
                // Still being committed: the delivery may start (deliverOne decides); else it is settled now.
                Parked settled = h.insert().decided() ? settle(parked) : parked;
                if (settled != null) {
                    deliverAll(List.of(settled));
                }
            } finally {
                scope.close();
            }
        });
        return taken.isPresent() ? 1 : 0;
    }

    @Override
    public int releaseUndelivered() {
        // Outcomes still being recorded are finished first: after this the database may go away.
        awaitRecordings(RECORDINGS_ON_SHUTDOWN);
        int released = 0;
        Instant now = clock.instant();
        for (Parked p : stores.drain()) {
            giveBack(p, now);
            released++;
        }
        for (Optional<DeliveryHandoff.HandedOff> m; (m = handoff.take()).isPresent(); ) {
            Parked settled = settle(new Parked(m.get().message(), handoff.owner(), now, m.get().insert()));
            if (settled != null) {
                giveBack(settled, now);
                released++;
            }
        }
        return released;
    }

    /**
     * A message leased by {@code owner} (a worker, or the hand-off) since {@code since}. Any delivery thread of this
     * process may deliver it and records the outcome under that lease. A handed-off message taken before its insert
     * was committed has that {@code insert} until it is {@link #settle settled}; any other has none.
     */
    private record Parked(ClaimedMessage message, String owner, Instant since, PendingInsert insert,
                          AtomicBoolean settled) {
        Parked(ClaimedMessage message, String owner, Instant since) {
            this(message, owner, since, null, new AtomicBoolean());
        }

        Parked(ClaimedMessage message, String owner, Instant since, PendingInsert insert) {
            this(message, owner, since, insert, new AtomicBoolean());
        }
    }

    /**
     * Waits for the insert of a message taken before its commit: the message as queued, under the id the insert
     * ended with; null when it was not queued, or is still not known (the lease brings it back if it was), and its
     * place in the hand-off is given back.
     */
    private Parked settle(Parked taken) {
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

    /** Delivers leased messages and records each outcome under its lease. */
    private void deliverAll(List<Parked> leased) {
        // Settings are read at delivery time, once per store and round: a batch usually holds one store's mail.
        Map<UnitId, StorePlan> plans = new HashMap<>();
        Deque<Parked> work = new ArrayDeque<>(leased);
        while (!work.isEmpty()) {
            Parked next = work.poll();
            MessageContextPort.Scope scope = enter(next.message());
            try {
                deliverOne(next, work, plans);
            } catch (RuntimeException e) {
                // Whatever was not settled keeps its lease until it lapses and is claimed again; only the hand-off's
                // room is given back now, or it would shrink with every failure.
                finished(next);
                work.forEach(this::finished);
                throw e;
            } finally {
                scope.close();
            }
        }
    }

    private void deliverOne(Parked next, Deque<Parked> work, Map<UnitId, StorePlan> plans) {
        ClaimedMessage message = next.message();
        StorePlan plan = plans.computeIfAbsent(message.store(), deliver::plan);
        if (next.insert() != null && plan.rateLimit().isPresent()) {
            // A rate-limited store's message takes a send slot and may be deferred to it: not before it is queued.
            next = settle(next);
            if (next == null) {
                return;
            }
            message = next.message();
        }
        Optional<DeliveryAttempt> deferral = deliver.deferToSendSlot(message, plan);
        if (deferral.isPresent()) {
            // Not sent yet: the thread moves on to other stores' mail.
            record(deferral.get(), next);
            return;
        }
        int cap = plan.connectionCap();
        if (!stores.tryStart(message.store(), cap)) {
            Parked settled = settle(next);
            if (settled != null) {
                park(settled);
                // The store's deliveries under way may all have ended meanwhile (while this one waited for its
                // commit, say), each finding nothing waiting: then the store's oldest waiting message goes now.
                stores.nextIfFree(message.store(), cap, parkedTooLongBefore(), this::giveBackNow).ifPresent(work::addFirst);
            }
            return;
        }
        Optional<DeliveryAttempt> attempt;
        try {
            // With its insert still under way, the data is ended upstream only once the message is queued.
            DataEndGate dataEnd = next.insert() == null ? DataEndGate.OPEN
                    : next.insert().gateFor(message.id(), INSERT_OUTCOME_WAIT);
            attempt = deliver.forward(message, plan, dataEnd);
        } finally {
            // The upstream connection is free once the forwarder returns: the next delivery of the store
            // may start while this thread records the outcome.
            stores.ended(message.store());
        }
        if (next.insert() != null) {
            Parked settled = settle(next);
            if (settled == null || !settled.message().id().equals(message.id())) {
                // Not queued, or queued under another id: the upstream transaction was abandoned before its end.
                // Under the other id, the message is delivered again.
                if (settled != null) {
                    work.addFirst(settled);
                }
                deliverNextWaiting(message.store(), work);
                return;
            }
            next = settled;
        }
        if (attempt.isEmpty()) {
            // Every connection the store may have is open, in other processes too: not an attempt. The store's
            // next waiting message is not started on its heels either.
            giveBack(next, clock.instant().plus(CONNECTIONS_BUSY_RECHECK));
            return;
        }
        try {
            recordDelivery(message, attempt.get(), next);
        } finally {
            deliverNextWaiting(message.store(), work);
        }
    }

    /** The store's oldest message waiting in memory, if any, is delivered next by this thread. */
    private void deliverNextWaiting(UnitId store, Deque<Parked> work) {
        stores.next(store, parkedTooLongBefore(), this::giveBackNow).ifPresent(work::addFirst);
    }

    /**
     * Records a delivery's outcome without waiting for the commit, so the thread can deliver the next message
     * meanwhile; the message stays leased until then (if the process dies first, the lease lapses and the message is
     * delivered again: at least once). An outcome with a failed recipient is recorded at once: its bounce must only
     * go out for a recorded failure.
     */
    private void recordDelivery(ClaimedMessage message, DeliveryAttempt attempt, Parked leased) {
        // What the upstream said (or the hold) is told whether or not it is recorded in time: it happened.
        deliver.report(message, attempt);
        nextDue.noted(attempt.nextAttemptAt());
        if (attempt.hasFailedRecipient()) {
            if (record(attempt, leased)) {
                deliver.bounce(message, attempt);
            }
            return;
        }
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

    private MessageContextPort.Scope enter(ClaimedMessage message) {
        return context.enter(message.id(), message.store(), message.messageIdHeader());
    }

    /** Waits until every outcome handed to {@link #recordDelivery} is recorded (or has failed), at most {@code max}. */
    private void awaitRecordings(Duration max) {
        try {
            // The phase ends when the service's own party and every outcome's party have arrived.
            recording.awaitAdvanceInterruptibly(recording.arrive(), max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "outcomes still being recorded after " + max
                    + "; their messages are delivered again when their leases lapse");
        }
    }

    /** Records the attempt under the message's lease; false when the lease was lost (another worker took over). */
    private boolean record(DeliveryAttempt attempt, Parked leased) {
        nextDue.noted(attempt.nextAttemptAt());
        try {
            return records.recordAttempt(attempt, leased.owner());
        } finally {
            finished(leased);
        }
    }

    /** Gives a leased message back to the queue, due at {@code due}, untried. */
    private void giveBack(Parked leased, Instant due) {
        nextDue.noted(due);
        try {
            claims.postpone(leased.message().id(), due, leased.owner());
        } finally {
            finished(leased);
        }
    }

    /** The message is recorded or given back: a handed-off one frees its place in the hand-off (once). */
    private void finished(Parked leased) {
        if (handoff.owner().equals(leased.owner()) && leased.settled().compareAndSet(false, true)) {
            handoff.finished();
        }
    }

    /**
     * The store has its maximum of deliveries under way: the message waits in memory for the next free one, still
     * leased, instead of going back to the queue and being claimed over and over. When too many wait already, it
     * goes back to the queue, due now, untried and without an attempt-history row.
     */
    private void park(Parked message) {
        // Handed-off messages always wait here: the hand-off's own room bounds them.
        boolean handedOff = handoff.owner().equals(message.owner());
        if (!stores.await(message, handedOff)) {
            giveBackNow(message);
        }
    }

    /**
     * Parked messages from before this go back to the queue instead of being delivered: delivered later, one might
     * outlive its lease and be claimed by another worker meanwhile.
     */
    private Instant parkedTooLongBefore() {
        return clock.instant().minus(lease.dividedBy(2));
    }

    private void giveBackNow(Parked leased) {
        giveBack(leased, clock.instant());
    }

    @Override
    public Optional<Instant> nextDueAt() {
        Optional<Instant> due = nextDue.get();
        if (stores.room() > 0 || due.isEmpty()) {
            return due;
        }
        // Nothing is claimed while that much waits in memory; look again a little later rather than at once.
        Instant soon = clock.instant().plus(FULL_PARKING_RECHECK);
        return Optional.of(due.get().isAfter(soon) ? due.get() : soon);
    }

    /** Claimed messages that may wait in memory for a free delivery of their store, before claiming stops. */
    private static int maxParked(int maxDeliveriesPerStore) {
        return Math.max(MIN_PARKED, 2 * Math.min(maxDeliveriesPerStore, MAX_PARKED_PER_CAP));
    }
}
