package dev.storerelay.application.service;

import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.ForwardMessagePort.RecipientReply;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.RateLimit;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UpstreamReply;
import dev.storerelay.domain.policy.DeliveryOutcomes;
import dev.storerelay.domain.policy.RetryPolicy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * What a delivery round makes of a message, as the attempt to record: the upstream's replies classified per
 * recipient with the retry schedule, or a hold, or a deferral to the store's next send slot.
 */
final class DeliveryAttempts {
    private final RetryPolicy retry;
    private final Clock clock;
    private final DoubleSupplier random;

    /** @param random numbers in [0, 1) that spread retries (jitter) */
    DeliveryAttempts(RetryPolicy retry, Clock clock, DoubleSupplier random) {
        this.retry = retry;
        this.clock = clock;
        this.random = random;
    }

    /**
     * The upstream answered just now: each recipient by its reply; pending ones retried or, too old, expired. The
     * attempt is dated now, when the upstream answered: a recipient's time is when its status became known.
     *
     * @param sentAs the address the message went out as, after the sender rewrite
     */
    DeliveryAttempt answered(ClaimedMessage message, List<RecipientReply> replies, EmailAddress sentAs) {
        Instant at = clock.instant();
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (RecipientReply reply : replies) {
            outcomes.add(new RecipientOutcome(reply.recipient(), DeliveryOutcomes.classify(reply.reply()), reply.reply()));
        }
        Instant next = null;
        if (outcomes.stream().anyMatch(o -> o.status() == RecipientStatus.PENDING)) {
            RetryPolicy.Decision decision = retry.afterTemporaryFailure(message.attemptsMade() + 1,
                    message.receivedAt(), at, random.getAsDouble());
            if (decision instanceof RetryPolicy.Decision.RetryAt retryAt) {
                next = retryAt.when();
            } else {
                outcomes = expirePending(outcomes);
            }
        }
        return new DeliveryAttempt(message.id(), at, outcomes, next, false, true, summary(outcomes), sentAs);
    }

    /** No server to send to: held until the settings change, or expired if it is too old already. */
    DeliveryAttempt held(ClaimedMessage message, String why) {
        Instant now = clock.instant();
        if (retry.isExpired(message.receivedAt(), now)) {
            String expired = "expired while held: " + why;
            return new DeliveryAttempt(message.id(), now, everyRecipient(message, RecipientStatus.EXPIRED, expired), null,
                    false, false, expired);
        }
        // Held mail is not retried in a loop: it waits for a settings change, or for its expiry.
        Instant expiry = message.receivedAt().plus(retry.maxQueueLifetime());
        return new DeliveryAttempt(message.id(), now, everyRecipient(message, RecipientStatus.PENDING, "held: " + why), expiry,
                true, false, "held: " + why);
    }

    /** Not sent yet: the store's rate limit gives it a later slot. */
    DeliveryAttempt deferred(ClaimedMessage message, Instant slot, RateLimit limit) {
        String why = "waiting for its turn under the store's limit of " + limit.messagesPerMinute() + " messages per minute";
        return new DeliveryAttempt(message.id(), clock.instant(), everyRecipient(message, RecipientStatus.PENDING, why), slot,
                false, false, "deferred: " + why);
    }

    /** The same outcome for every pending recipient, when no upstream was asked. */
    private static List<RecipientOutcome> everyRecipient(ClaimedMessage message, RecipientStatus status, String reason) {
        return message.pendingRecipients().stream()
                .map(r -> new RecipientOutcome(r, status, UpstreamReply.noReply(reason)))
                .toList();
    }

    private static List<RecipientOutcome> expirePending(List<RecipientOutcome> outcomes) {
        return outcomes.stream()
                .map(o -> o.status() == RecipientStatus.PENDING
                        ? new RecipientOutcome(o.recipient(), RecipientStatus.EXPIRED, o.reply())
                        : o)
                .toList();
    }

    private static String summary(List<RecipientOutcome> outcomes) {
        long delivered = outcomes.stream().filter(o -> o.status() == RecipientStatus.DELIVERED).count();
        Optional<RecipientOutcome> problem = outcomes.stream().filter(o -> o.status() != RecipientStatus.DELIVERED).findFirst();
        return delivered + " of " + outcomes.size() + " recipient(s) delivered"
                + problem.map(p -> "; " + p.recipient() + ": " + p.status().name().toLowerCase(Locale.ROOT) + ", " + p.reply()).orElse("");
    }
}
