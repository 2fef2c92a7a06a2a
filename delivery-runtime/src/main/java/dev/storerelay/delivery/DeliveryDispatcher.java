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

    private final ClaimDueMessagesPort claims;
    private final DeliverMessageUseCase deliver;
    private final LeasedOutcomes outcomes;
    private final DeliveryHandoff handoff;
    private final Duration lease;
    private final Clock clock;
    private final ParkedMail stores;
    private final ReentrantLock claiming = new ReentrantLock();
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
        this.deliver = Objects.requireNonNull(deliver, "deliver");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextDue = new NextDueTime(claims);
        this.outcomes = new LeasedOutcomes(claims, Objects.requireNonNull(records, "records"),
                Objects.requireNonNull(recorder, "recorder"), deliver, handoff,
                Objects.requireNonNull(context, "context"), nextDue);
        this.stores = new ParkedMail(maxDeliveriesPerStore, outcomes, lease, clock);
    }

    @Override
    public int deliverDue(String worker, int maxMessages) {
        List<Parked> ready = stores.ready(deliver::connectionCap);
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
            MessageContextPort.Scope scope = outcomes.enter(h.message());
            try {
                Parked parked = new Parked(h.message(), handoff.owner(), clock.instant(), h.insert());
                // Still being committed: the delivery may start (deliverOne decides); else it is settled now.
                Parked settled = h.insert().decided() ? outcomes.settle(parked) : parked;
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
        outcomes.awaitRecordings(RECORDINGS_ON_SHUTDOWN);
        int released = 0;
        Instant now = clock.instant();
        for (Parked p : stores.drain()) {
            outcomes.giveBack(p, now);
            released++;
        }
        for (Optional<DeliveryHandoff.HandedOff> m; (m = handoff.take()).isPresent(); ) {
            Parked settled = outcomes.settle(new Parked(m.get().message(), handoff.owner(), now, m.get().insert()));
            if (settled != null) {
                outcomes.giveBack(settled, now);
                released++;
            }
        }
        return released;
    }

    /** Delivers leased messages and records each outcome under its lease. */
    private void deliverAll(List<Parked> leased) {
        // Settings are read at delivery time, once per store and round: a batch usually holds one store's mail.
        Map<UnitId, StorePlan> plans = new HashMap<>();
        Deque<Parked> work = new ArrayDeque<>(leased);
        while (!work.isEmpty()) {
            Parked next = work.poll();
            MessageContextPort.Scope scope = outcomes.enter(next.message());
            try {
                deliverOne(next, work, plans);
            } catch (RuntimeException e) {
                // Whatever was not settled keeps its lease until it lapses and is claimed again; only the hand-off's
                // room is given back now, or it would shrink with every failure.
                outcomes.finished(next);
                work.forEach(outcomes::finished);
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
            next = outcomes.settle(next);
            if (next == null) {
                return;
            }
            message = next.message();
        }
        Optional<DeliveryAttempt> deferral = deliver.deferToSendSlot(message, plan);
        if (deferral.isPresent()) {
            // Not sent yet: the thread moves on to other stores' mail.
            outcomes.record(deferral.get(), next);
            return;
        }
        int cap = plan.connectionCap();
        if (!stores.tryStart(message.store(), cap)) {
            Parked settled = outcomes.settle(next);
            if (settled != null) {
                stores.park(settled);
                // The store's deliveries under way may all have ended meanwhile (while this one waited for its
                // commit, say), each finding nothing waiting: then the store's oldest waiting message goes now.
                stores.nextIfFree(message.store(), cap).ifPresent(work::addFirst);
            }
            return;
        }
        Optional<DeliveryAttempt> attempt;
        try {
            // With its insert still under way, the data is ended upstream only once the message is queued.
            DataEndGate dataEnd = next.insert() == null ? DataEndGate.OPEN
                    : next.insert().gateFor(message.id(), LeasedOutcomes.INSERT_OUTCOME_WAIT);
            attempt = deliver.forward(message, plan, dataEnd);
        } finally {
            // The upstream connection is free once the forwarder returns: the next delivery of the store
            // may start while this thread records the outcome.
            stores.ended(message.store());
        }
        if (next.insert() != null) {
            Parked settled = outcomes.settle(next);
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
            outcomes.giveBack(next, clock.instant().plus(CONNECTIONS_BUSY_RECHECK));
            return;
        }
        try {
            outcomes.recordDelivery(message, attempt.get(), next);
        } finally {
            deliverNextWaiting(message.store(), work);
        }
    }

    /** The store's oldest message waiting in memory, if any, is delivered next by this thread. */
    private void deliverNextWaiting(UnitId store, Deque<Parked> work) {
        stores.next(store).ifPresent(work::addFirst);
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
}
