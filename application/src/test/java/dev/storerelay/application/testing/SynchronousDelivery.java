package dev.storerelay.application.testing;

import dev.storerelay.application.port.in.DeliverMessageUseCase;
import dev.storerelay.application.port.in.StorePlan;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DataEndGate;
import dev.storerelay.application.port.out.DeliveryAttempt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Claims due mail and delivers it one message after another on the test's thread, recording each outcome at once:
 * the delivery use case without the delivery runtime's threads, parking and hand-off.
 */
public final class SynchronousDelivery {
    private static final Duration LEASE = Duration.ofMinutes(10);

    private final InMemoryMessageQueue queue;
    private final DeliverMessageUseCase deliver;
    private final Clock clock;

    public SynchronousDelivery(InMemoryMessageQueue queue, DeliverMessageUseCase deliver, Clock clock) {
        this.queue = queue;
        this.deliver = deliver;
        this.clock = clock;
    }

    /** Delivers up to {@code max} due messages as {@code worker}; returns how many were claimed. */
    public int deliverDue(String worker, int max) {
        Instant now = clock.instant();
        List<ClaimedMessage> claimed = queue.claimDue(now, max, worker, now.plus(LEASE));
        for (ClaimedMessage message : claimed) {
            StorePlan plan = deliver.plan(message.store());
            Optional<DeliveryAttempt> deferral = deliver.deferToSendSlot(message, plan);
            if (deferral.isPresent()) {
                queue.recordAttempt(deferral.get(), worker);
                continue;
            }
            Optional<DeliveryAttempt> attempt = deliver.forward(message, plan, DataEndGate.OPEN);
            if (attempt.isEmpty()) {
                queue.postpone(message.id(), now, worker);
                continue;
            }
            deliver.report(message, attempt.get());
            if (queue.recordAttempt(attempt.get(), worker) && attempt.get().hasFailedRecipient()) {
                deliver.bounce(message, attempt.get());
            }
        }
        return claimed.size();
    }
}
