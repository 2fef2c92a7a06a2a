package dev.storerelay.application.service;

import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.application.port.out.DeliveryEventsPort.Outcome;

import java.time.Duration;

/**
 * Tells the monitoring what an attempt made of a message: each outcome with its number of recipients, then whether
 * the message is finished (with its time in the queue) or another attempt is scheduled. Counts in local variables:
 * nothing is allocated per message but the queue delay.
 */
final class DeliveryReport {
    private DeliveryReport() {
    }

    /** An attempt that asked the upstream, or a hold; a deferral to the store's send slot is not an outcome. */
    static void report(DeliveryEventsPort events, ClaimedMessage message, DeliveryAttempt attempt) {
        if (attempt.sendSlot() != null) {
            return;
        }
        int delivered = 0;
        int deferred = 0;
        int failed = 0;
        int expired = 0;
        for (RecipientOutcome outcome : attempt.outcomes()) {
            switch (outcome.status()) {
                case DELIVERED:
                    delivered++;
                    break;
                case FAILED:
                    failed++;
                    break;
                case EXPIRED:
                    expired++;
                    break;
                default:
                    deferred++;
            }
        }
        tell(events, message, Outcome.DELIVERED, delivered);
        tell(events, message, attempt.held() ? Outcome.HELD : Outcome.DEFERRED, deferred);
        tell(events, message, Outcome.FAILED, failed);
        tell(events, message, Outcome.EXPIRED, expired);
        if (attempt.nextAttemptAt() == null) {
            events.finished(Duration.between(message.receivedAt(), attempt.at()));
        } else if (attempt.counts()) {
            events.retryScheduled();
        }
    }

    private static void tell(DeliveryEventsPort events, ClaimedMessage message, Outcome outcome, int count) {
        if (count > 0) {
            events.recipients(message.store(), outcome, count);
        }
    }
}
