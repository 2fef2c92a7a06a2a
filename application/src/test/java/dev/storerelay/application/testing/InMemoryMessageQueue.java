package dev.storerelay.application.testing;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UnitId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** The queue and log in memory, with leases as the port describes them (one worker per message at a time). */
public class InMemoryMessageQueue implements MessageQueuePort, LoadMessageLogPort {
    private final Map<MessageId, Stored> messages = new LinkedHashMap<>();
    private long lastId;
    /** Every recorded attempt, in order. */
    public final List<DeliveryAttempt> attempts = new ArrayList<>();
    private boolean deferRecordings;
    /** How often {@link #nextDueAt()} was asked. */
    public int nextDueAsked;
    private final List<Runnable> deferred = new ArrayList<>();

    /** Forgets a message, as a rolled-back insert would. */
    public synchronized void remove(MessageId id) {
        messages.remove(id);
    }

    /** From now on {@link #recordAttemptLater} records only when {@link #completeRecordings()} is called. */
    public synchronized void deferRecordings() {
        deferRecordings = true;
    }

    /** Records what {@link #recordAttemptLater} was given since the last call, and completes its results. */
    public void completeRecordings() {
        List<Runnable> due;
        synchronized (this) {
            due = new ArrayList<>(deferred);
            deferred.clear();
        }
        due.forEach(Runnable::run);
    }

    @Override
    public synchronized CompletionStage<Boolean> recordAttemptLater(DeliveryAttempt attempt, String worker) {
        if (!deferRecordings) {
            return MessageQueuePort.super.recordAttemptLater(attempt, worker);
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        deferred.add(() -> result.complete(recordAttempt(attempt, worker)));
        return result;
    }

    private static final class Stored {
        final MessageId id;
        final NewMessage message;
        final Map<EmailAddress, RecipientStatus> statuses = new LinkedHashMap<>();
        final Map<EmailAddress, String> replies = new LinkedHashMap<>();
        Instant nextAttemptAt;
        Instant lastAttemptAt;
        boolean held;
        int attemptCount;
        String lastError;
        String leasedBy;
        Instant leaseUntil;
        Instant sendSlot;

        Stored(MessageId id, NewMessage message) {
            this.id = id;
            this.message = message;
            message.recipients().forEach(r -> statuses.put(r, RecipientStatus.PENDING));
            nextAttemptAt = message.receivedAt();
        }

        boolean anyPending() {
            return statuses.containsValue(RecipientStatus.PENDING);
        }

        MessageView view() {
            List<MessageView.RecipientView> recipients = statuses.entrySet().stream()
                    .map(e -> new MessageView.RecipientView(e.getKey().value(), e.getValue(), replies.get(e.getKey()), lastAttemptAt))
                    .toList();
            return new MessageView(id, message.store(), MessageStatus.of(statuses.values(), held), message.routingReason(),
                    message.routingExplanation(), message.envelopeSender() == null ? "" : message.envelopeSender().value(),
                    message.content().size(), message.receivedAt(), anyPending() ? nextAttemptAt : null, lastAttemptAt,
                    attemptCount, lastError, recipients);
        }
    }

    @Override
    public synchronized MessageId enqueue(NewMessage message) {
        MessageId id = new MessageId(++lastId);
        messages.put(id, new Stored(id, message));
        return id;
    }

    @Override
    public synchronized MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil) {
        MessageId id = enqueue(message);
        Stored stored = messages.get(id);
        stored.leasedBy = worker;
        stored.leaseUntil = leaseUntil;
        return id;
    }

    @Override
    public synchronized List<ClaimedMessage> claimDue(Instant now, int max, String worker, Instant leaseUntil) {
        List<Stored> due = messages.values().stream()
                .filter(Stored::anyPending)
                .filter(s -> !s.nextAttemptAt.isAfter(now))
                .filter(s -> s.leaseUntil == null || !s.leaseUntil.isAfter(now))
                .sorted(Comparator.comparing((Stored s) -> s.nextAttemptAt).thenComparing(s -> s.id.value()))
                .limit(max)
                .toList();
        List<ClaimedMessage> claimed = new ArrayList<>();
        for (Stored s : due) {
            s.leasedBy = worker;
            s.leaseUntil = leaseUntil;
            List<EmailAddress> pending = s.statuses.entrySet().stream()
                    .filter(e -> e.getValue() == RecipientStatus.PENDING).map(Map.Entry::getKey).toList();
            NewMessage m = s.message;
            claimed.add(new ClaimedMessage(s.id, m.store(), m.envelopeSender(), pending, m.fromDisplayName(), m.content(),
                    m.clientName(), m.clientAddress(), m.receivedAt(), s.attemptCount, s.sendSlot, m.messageIdHeader()));
        }
        return claimed;
    }

    @Override
    public synchronized boolean recordAttempt(DeliveryAttempt attempt, String worker) {
        Stored s = messages.get(attempt.id());
        if (s == null || !worker.equals(s.leasedBy)) {
            return false;
        }
        attempts.add(attempt);
        for (DeliveryAttempt.RecipientOutcome outcome : attempt.outcomes()) {
            s.statuses.put(outcome.recipient(), outcome.status());
            s.replies.put(outcome.recipient(), outcome.reply().toString());
        }
        s.nextAttemptAt = attempt.nextAttemptAt();
        s.sendSlot = attempt.sendSlot();
        s.held = attempt.held();
        if (attempt.counts()) {
            s.attemptCount++;
        }
        s.lastAttemptAt = attempt.at();
        s.lastError = attempt.outcomes().stream().allMatch(o -> o.status() == RecipientStatus.DELIVERED) ? null : attempt.summary();
        s.leasedBy = null;
        s.leaseUntil = null;
        return true;
    }

    @Override
    public synchronized Optional<Instant> nextDueAt() {
        nextDueAsked++;
        // Like the database: a leased message is due again when its lease lapses.
        return messages.values().stream().filter(Stored::anyPending)
                .map(s -> s.leaseUntil != null && s.leaseUntil.isAfter(s.nextAttemptAt) ? s.leaseUntil : s.nextAttemptAt)
                .min(Comparator.naturalOrder());
    }

    @Override
    public synchronized int deleteFinishedBefore(Instant before) {
        int before0 = messages.size();
        messages.values().removeIf(s -> !s.anyPending() && s.message.receivedAt().isBefore(before)
                && (s.lastAttemptAt != null ? s.lastAttemptAt : s.message.receivedAt()).isBefore(before));
        return before0 - messages.size();
    }

    @Override
    public synchronized int releaseHeld(Instant now) {
        int released = 0;
        for (Stored s : messages.values()) {
            if (s.held && s.anyPending()) {
                s.held = false;
                s.nextAttemptAt = now;
                released++;
            }
        }
        return released;
    }

    @Override
    public synchronized int retryDeferred(Set<UnitId> stores, Instant now) {
        int retried = 0;
        for (Stored s : messages.values()) {
            boolean leased = s.leaseUntil != null && s.leaseUntil.isAfter(now);
            if (!s.held && s.anyPending() && !leased && stores.contains(s.message.store())
                    && s.nextAttemptAt != null && s.nextAttemptAt.isAfter(now)) {
                s.nextAttemptAt = now;
                retried++;
            }
        }
        return retried;
    }

    @Override
    public synchronized Set<UnitId> storesWithHeldMail() {
        return messages.values().stream().filter(s -> s.held && s.anyPending()).map(s -> s.message.store())
                .collect(Collectors.toSet());
    }

    @Override
    public synchronized boolean postpone(MessageId id, Instant dueAt, String worker) {
        Stored s = messages.get(id);
        if (s == null || !worker.equals(s.leasedBy)) {
            return false;
        }
        s.nextAttemptAt = dueAt;
        s.leasedBy = null;
        s.leaseUntil = null;
        return true;
    }

    @Override
    public synchronized boolean retryNow(MessageId id, Instant now) {
        Stored s = messages.get(id);
        if (s == null || s.statuses.values().stream().allMatch(st -> st == RecipientStatus.DELIVERED)) {
            return false;
        }
        s.statuses.replaceAll((r, st) -> st == RecipientStatus.DELIVERED ? st : RecipientStatus.PENDING);
        s.held = false;
        s.nextAttemptAt = now;
        return true;
    }

    @Override
    public synchronized boolean discard(MessageId id, Instant now) {
        Stored s = messages.get(id);
        if (s == null || !s.statuses.containsValue(RecipientStatus.PENDING)
                || s.leaseUntil != null && s.leaseUntil.isAfter(now)) {
            return false;
        }
        s.statuses.replaceAll((r, st) -> {
            if (st == RecipientStatus.PENDING) {
                s.replies.put(r, DISCARDED_REPLY);
                return RecipientStatus.FAILED;
            }
            return st;
        });
        s.held = false;
        s.nextAttemptAt = null;
        return true;
    }

    @Override
    public synchronized List<MessageView> findMessages(MessageQuery query) {
        return messages.values().stream()
                .map(Stored::view)
                .filter(query::matches)
                .sorted(Comparator.comparing(MessageView::receivedAt).thenComparing(v -> v.id().value()).reversed())
                .skip(query.offset())
                .limit(query.limit())
                .toList();
    }

    @Override
    public synchronized Map<MessageStatus, Long> countByStatus(UnitId store) {
        return messages.values().stream()
                .map(Stored::view)
                .filter(v -> store == null || store.equals(v.store()))
                .collect(java.util.stream.Collectors.groupingBy(MessageView::status, java.util.stream.Collectors.counting()));
    }

    @Override
    public synchronized List<AttemptView> findAttempts(MessageId id) {
        return attempts.stream().filter(a -> a.id().equals(id))
                .map(a -> new AttemptView(a.at(), a.counts(), a.held(), a.summary())).toList();
    }

    @Override
    public synchronized Optional<MessageView> findMessage(MessageId id) {
        return Optional.ofNullable(messages.get(id)).map(Stored::view);
    }

    /** The message's view; fails the test if it does not exist. */
    public MessageView view(MessageId id) {
        return findMessage(id).orElseThrow();
    }

    public int size() {
        return messages.size();
    }

    public NewMessage stored(MessageId id) {
        return messages.get(id).message;
    }
}
