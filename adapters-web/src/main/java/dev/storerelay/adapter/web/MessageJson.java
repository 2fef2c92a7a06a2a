package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.MessageView;

import java.time.Instant;
import java.util.List;

/**
 * A queued or finished message in the delivery log, with each recipient's state. Instants are ISO-8601 text.
 *
 * @param nextAttemptAt {@code null} when nothing is pending
 * @param envelopeSender the submitted {@code MAIL FROM}; empty for the null reverse-path
 * @param state          {@code status}, except {@code DEFERRED} for a queued message that was tried and waits for
 *                       {@code nextAttemptAt}
 * @param subject        the decoded {@code Subject} as received, {@code null} if none
 * @param messageId      the {@code Message-ID} header as received, {@code null} if none
 * @param sentAs         the address it last went out as (after the sender rewrite), {@code null} before an upstream
 *                       was asked
 */
record MessageJson(long id, String unitId, String status, RoutingJson routing, String envelopeSender, long size,
                   Instant receivedAt, Instant nextAttemptAt, Instant lastAttemptAt, int attempts, String lastError,
                   List<RecipientJson> recipients, String state, String subject, String messageId, String sentAs) {

    static MessageJson of(MessageView m) {
        return new MessageJson(m.id().value(), m.store().value(), m.status().name(),
                new RoutingJson(m.routingReason().name(), m.routingExplanation()), m.envelopeSender(), m.size(),
                m.receivedAt(), m.nextAttemptAt(), m.lastAttemptAt(), m.attempts(), m.lastError(),
                m.recipients().stream().map(RecipientJson::of).toList(), m.deferred() ? "DEFERRED" : m.status().name(),
                m.subject(), m.messageIdHeader(), m.sentAs());
    }

    /** Which routing rule (README, *Pointing a legacy system at it*) chose the store, and why. */
    record RoutingJson(String reason, String explanation) {
    }

    /**
     * {@code lastReply} is {@code null} before any attempt; {@code advice} is {@code null} unless the table of known
     * replies explains it.
     */
    record RecipientJson(String address, String status, String lastReply, AdviceJson advice, Instant updatedAt) {
        static RecipientJson of(MessageView.RecipientView r) {
            return new RecipientJson(r.address(), r.status().name(), r.lastReply(),
                    LastReplyAdvice.of(r.lastReply()).map(a -> new AdviceJson(a.cause(), a.fix())).orElse(null),
                    r.updatedAt());
        }
    }

    /** What a well-known upstream reply means, and what to change where. */
    record AdviceJson(String cause, String fix) {
    }
}
