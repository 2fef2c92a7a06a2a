package dev.storerelay.adapter.web;

import dev.storerelay.application.port.out.MessageView;

import java.time.Instant;
import java.util.List;

/**
 * A queued or finished message in the delivery log, with each recipient's state. Instants are ISO-8601 text.
 *
 * @param nextAttemptAt {@code null} when nothing is pending
 * @param envelopeSender the submitted {@code MAIL FROM}; empty for the null reverse-path
 */
record MessageJson(long id, String unitId, String status, RoutingJson routing, String envelopeSender, long size,
                   Instant receivedAt, Instant nextAttemptAt, Instant lastAttemptAt, int attempts, String lastError,
                   List<RecipientJson> recipients) {

    static MessageJson of(MessageView m) {
        return new MessageJson(m.id().value(), m.store().value(), m.status().name(),
                new RoutingJson(m.routingReason().name(), m.routingExplanation()), m.envelopeSender(), m.size(),
                m.receivedAt(), m.nextAttemptAt(), m.lastAttemptAt(), m.attempts(), m.lastError(),
                m.recipients().stream().map(RecipientJson::of).toList());
    }

    /** Which rule of DESIGN §3 chose the store, and why. */
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
