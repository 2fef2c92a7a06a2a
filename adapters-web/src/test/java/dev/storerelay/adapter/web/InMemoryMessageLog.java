package dev.storerelay.adapter.web;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The queue and delivery log in memory: enough of the queue for the admin's view, retry and release of held mail.
 * Claiming and recording attempts belong to the delivery workers, which the web API never calls.
 */
final class InMemoryMessageLog implements MessageQueuePort, LoadMessageLogPort {
    private final List<Set<UnitId>> deferredRetries = new java.util.ArrayList<>();
    private final Map<Long, MessageView> messages = new TreeMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** Puts a message in any state, as if delivery had already happened; returns its id. */
    synchronized MessageId add(MessageView view) {
        messages.put(view.id().value(), view);
        ids.accumulateAndGet(view.id().value(), Math::max);
        return view.id();
    }

    @Override
    public synchronized MessageId enqueue(NewMessage m) {
        MessageId id = new MessageId(ids.incrementAndGet());
        List<RecipientView> recipients = m.recipients().stream()
                .map(r -> new RecipientView(r.value(), RecipientStatus.PENDING, null, m.receivedAt())).toList();
        messages.put(id.value(), new MessageView(id, m.store(), MessageStatus.QUEUED, m.routingReason(),
                m.routingExplanation(), m.envelopeSender() == null ? "" : m.envelopeSender().value(),
                m.content().size(), m.receivedAt(), m.receivedAt(), null, 0, null, recipients));
        return id;
    }

    @Override
    public MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil) {
        throw new UnsupportedOperationException("the admin web never queues mail");
    }

    @Override
    public List<ClaimedMessage> claimDue(Instant now, int max, String worker, Instant leaseUntil) {
        throw new UnsupportedOperationException("delivery is not part of the web API");
    }

    @Override
    public boolean recordAttempt(DeliveryAttempt attempt, String worker) {
        throw new UnsupportedOperationException("delivery is not part of the web API");
    }

    @Override
    public synchronized Optional<Instant> nextDueAt() {
        return messages.values().stream().map(MessageView::nextAttemptAt).filter(t -> t != null).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized Set<UnitId> storesWithHeldMail() {
        return messages.values().stream().filter(m -> m.status() == MessageStatus.HELD).map(MessageView::store)
                .collect(Collectors.toSet());
    }

    @Override
    public synchronized int releaseHeld(Instant now) {
        List<MessageView> held = messages.values().stream().filter(m -> m.status() == MessageStatus.HELD).toList();
        held.forEach(m -> messages.put(m.id().value(), withStatus(m, MessageStatus.QUEUED, now, m.recipients())));
        return held.size();
    }

    @Override
    public synchronized int retryDeferred(Set<UnitId> stores, Instant now) {
        synchronized (deferredRetries) {
            deferredRetries.add(Set.copyOf(stores));
        }
        List<MessageView> deferred = messages.values().stream().filter(m -> m.status() == MessageStatus.QUEUED
                && stores.contains(m.store()) && m.nextAttemptAt() != null && m.nextAttemptAt().isAfter(now)).toList();
        deferred.forEach(m -> messages.put(m.id().value(), withStatus(m, MessageStatus.QUEUED, now, m.recipients())));
        return deferred.size();
    }

    /** The stores whose deferred mail each save asked to retry, in order. */
    List<Set<UnitId>> deferredRetries() {
        synchronized (deferredRetries) {
            return List.copyOf(deferredRetries);
        }
    }

    @Override
    public int deleteFinishedBefore(Instant before) {
        throw new UnsupportedOperationException("the admin web never deletes mail");
    }

    @Override
    public boolean postpone(MessageId id, Instant dueAt, String worker) {
        throw new UnsupportedOperationException("the admin web never postpones deliveries");
    }

    @Override
    public synchronized boolean retryNow(MessageId id, Instant now) {
        MessageView m = messages.get(id.value());
        if (m == null || m.recipients().stream().allMatch(r -> r.status() == RecipientStatus.DELIVERED)) {
            return false;
        }
        List<RecipientView> recipients = m.recipients().stream()
                .map(r -> r.status() == RecipientStatus.DELIVERED ? r
                        : new RecipientView(r.address(), RecipientStatus.PENDING, r.lastReply(), now))
                .toList();
        messages.put(id.value(), withStatus(m, MessageStatus.QUEUED, now, recipients));
        return true;
    }

    @Override
    public synchronized boolean discard(MessageId id, Instant now) {
        MessageView m = messages.get(id.value());
        if (m == null || m.recipients().stream().noneMatch(r -> r.status() == RecipientStatus.PENDING)) {
            return false;
        }
        List<RecipientView> recipients = m.recipients().stream()
                .map(r -> r.status() != RecipientStatus.PENDING ? r
                        : new RecipientView(r.address(), RecipientStatus.FAILED, DISCARDED_REPLY, now))
                .toList();
        messages.put(id.value(), withStatus(m, MessageStatus.of(recipients.stream().map(RecipientView::status).toList(), false),
                null, recipients));
        return true;
    }

    @Override
    public synchronized List<MessageView> findMessages(MessageQuery query) {
        return messages.values().stream()
                .filter(query::matches)
                .sorted(Comparator.comparing(MessageView::receivedAt).thenComparing(m -> m.id().value()).reversed())
                .skip(query.offset())
                .limit(query.limit())
                .toList();
    }

    /** Attempt histories the web tests put in directly. */
    final Map<Long, List<AttemptView>> attempts = new java.util.HashMap<>();

    @Override
    public synchronized Map<MessageStatus, Long> countByStatus(UnitId store) {
        return messages.values().stream()
                .filter(v -> store == null || store.equals(v.store()))
                .collect(java.util.stream.Collectors.groupingBy(MessageView::status, java.util.stream.Collectors.counting()));
    }

    @Override
    public synchronized List<AttemptView> findAttempts(MessageId id) {
        return attempts.getOrDefault(id.value(), List.of());
    }

    @Override
    public synchronized Optional<MessageView> findMessage(MessageId id) {
        return Optional.ofNullable(messages.get(id.value()));
    }

    private static MessageView withStatus(MessageView m, MessageStatus status, Instant next, List<RecipientView> recipients) {
        return new MessageView(m.id(), m.store(), status, m.routingReason(), m.routingExplanation(), m.envelopeSender(),
                m.size(), m.receivedAt(), next, m.lastAttemptAt(), m.attempts(), m.lastError(), recipients);
    }
}
