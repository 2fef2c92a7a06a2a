package dev.storerelay.application.service;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.MessageLogUseCase;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.DeliverySignalPort;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.OrgTree;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.Violation;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The delivery log for the admin; a retry or discard an admin asks for is written to the audit trail. */
public final class MessageLogService implements MessageLogUseCase {
    /** The audit trail's field for an admin's action on a message, e.g. "Message 17". */
    static final String MESSAGE_FIELD = "Message ";

    private final LoadOrgTreePort tree;
    private final LoadMessageLogPort log;
    private final MessageActionsPort queue;
    private final DeliverySignalPort deliverySignal;
    private final Clock clock;
    private final AuditTrail audit;

    public MessageLogService(LoadOrgTreePort tree, LoadMessageLogPort log, MessageActionsPort queue,
                             DeliverySignalPort deliverySignal, Clock clock, AuditTrail audit) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.log = Objects.requireNonNull(log, "log");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.deliverySignal = Objects.requireNonNull(deliverySignal, "deliverySignal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public Optional<List<MessageView>> messages(MessageQuery query) {
        if (query.unit() == null) {
            return Optional.of(log.findMessages(query));
        }
        OrgTree units = tree.loadOrgTree();
        if (!units.contains(query.unit())) {
            return Optional.empty();
        }
        if (units.root().map(root -> root.id().equals(query.unit())).orElse(false)) {
            // The root's subtree is the whole log (the mail of stores removed since too): no list of every store
            // for the database to match, which for a chain's thousands of stores would cost more than the search.
            return Optional.of(log.findMessages(query.withUnit(null)));
        }
        return Optional.of(log.findMessages(query.withStores(units.subtree(query.unit()))));
    }

    @Override
    public Optional<MessageView> message(MessageId id) {
        return log.findMessage(id);
    }

    @Override
    public Map<MessageStatus, Long> counts(UnitId store) {
        Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
        for (MessageStatus status : MessageStatus.values()) {
            counts.put(status, 0L);
        }
        counts.putAll(log.countByStatus(store));
        return counts;
    }

    @Override
    public Optional<List<AttemptView>> attempts(MessageId id) {
        return log.findMessage(id).map(found -> log.findAttempts(id));
    }

    @Override
    public Outcome retry(MessageId id) {
        Optional<MessageView> message = log.findMessage(id);
        if (message.isEmpty()) {
            return new Outcome.NotFound("message " + id);
        }
        if (message.get().status() == MessageStatus.DELIVERED || !queue.retryNow(id, clock.instant())) {
            return new Outcome.Conflict(List.of(new Violation("id", "message " + id + " was delivered to every recipient")));
        }
        audit.record(message.get().store(), MESSAGE_FIELD + id,
                "retried now (was " + message.get().status().name().toLowerCase(Locale.ROOT) + ")");
        deliverySignal.messagesDue();
        return Outcome.done();
    }

    @Override
    public Outcome discard(MessageId id) {
        Optional<MessageView> message = log.findMessage(id);
        if (message.isEmpty()) {
            return new Outcome.NotFound("message " + id);
        }
        if (!queue.discard(id, clock.instant())) {
            return new Outcome.Conflict(List.of(new Violation("id", "message " + id
                    + " has no recipient left to discard, or is being delivered right now: reload and try again")));
        }
        audit.record(message.get().store(), MESSAGE_FIELD + id, "discarded: its undelivered recipients failed");
        return Outcome.done();
    }
}
