package dev.storerelay.application.service;

import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.ConnectionQuota;
import dev.storerelay.application.port.out.DataEndGate;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryEventsPort;
import dev.storerelay.application.port.out.ForwardMessagePort;
import dev.storerelay.application.port.out.OutgoingMessage;
import dev.storerelay.domain.model.RewrittenSender;
import dev.storerelay.domain.policy.SenderRewrite;
import dev.storerelay.domain.policy.TraceHeader;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One delivery of a leased message with its store's settings as they are now: held when no server is configured,
 * else sent upstream with the sender rewritten, a {@code Received:} header on top and the store header removed, and
 * the upstream's replies turned into the attempt to record.
 */
final class Forwarding {
    private static final System.Logger LOG = System.getLogger(Forwarding.class.getName());

    private final ForwardMessagePort forwarder;
    private final DeliveryConfig config;
    private final DeliveryAttempts attempts;
    private final DeliveryEventsPort events;

    Forwarding(ForwardMessagePort forwarder, DeliveryConfig config, DeliveryAttempts attempts, DeliveryEventsPort events) {
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.config = Objects.requireNonNull(config, "config");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * The attempt; empty when the store's capped connections were all open and the upstream was not asked. The data
     * is ended upstream only as {@code dataEnd} allows.
     */
    Optional<DeliveryAttempt> attempt(ClaimedMessage message, Optional<ResolvedSettings> resolved, ConnectionQuota quota,
                                      DataEndGate dataEnd) {
        if (resolved.isEmpty() || resolved.get().connectionPlan().isEmpty()) {
            String why = resolved.isEmpty()
                    ? "store " + message.store() + " no longer exists"
                    : "no SMTP server is configured for store " + message.store() + " or any unit above it";
            return Optional.of(attempts.held(message, why));
        }
        ResolvedSettings settings = resolved.get();
        RewrittenSender sender = SenderRewrite.rewrite(message.envelopeSender(), message.fromDisplayName(),
                settings.settings().outgoingEmailAddress().value());
        String received = TraceHeader.received(message.clientName(), message.clientAddress(), config.relayHostName(),
                message.id().toString(), message.receivedAt());
        OutgoingMessage outgoing = new OutgoingMessage(message.id().toString(), settings.connectionPlan().orElseThrow(), sender,
                message.pendingRecipients(), message.content(), received, List.of(config.storeHeaderName()), quota, dataEnd);
        long started = System.nanoTime();
        ForwardMessagePort.ForwardResult result = forwarder.forward(outgoing);
        if (!result.sent()) {
            LOG.log(System.Logger.Level.DEBUG, "message " + message.id() + " waits: " + result.notSentBecause());
            return Optional.empty();
        }
        events.upstreamAttempt(System.nanoTime() - started);
        return Optional.of(attempts.answered(message, result.replies(), sender.fromAddress()));
    }
}
