package dev.storerelay.application.testing;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The queue and its delivery log in memory, kept as the database keeps them: a stored status, a due time that is the
 * lease's end while a worker holds the message, and only pending recipients changed by an attempt. It passes
 * {@link MessageQueuePortContract}; the test hooks below let services' tests look inside and steer the timing.
 */
public class InMemoryMessageQueue implements MessageQueuePort, LoadMessageLogPort {
    private final Map<MessageId, Stored> messages = new LinkedHashMap<>();
    private final List<DeliveryAttempt> attempts = new ArrayList<>();
    private final Map<MessageId, List<AttemptView>> history = new LinkedHashMap<>();
    private final List<Set<UnitId>> deferredRetries = new ArrayList<>();
    private long lastId;
    private int nextDueAsked;

    @Override
    public synchronized MessageId enqueue(NewMessage message) {
        MessageId id = new MessageId(++lastId);
        messages.put(id, new Stored(id, Objects.requireNonNull(message, "message")));
        return id;
    }

    @Override
    public synchronized MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil) {
        Stored stored = messages.get(enqueue(message));
        stored.lease(Objects.requireNonNull(worker, "worker"), Objects.requireNonNull(leaseUntil, "leaseUntil"));
        return stored.id;
    }

    @Override
    public synchronized List<ClaimedMessage> claimDue(Instant now, int max, String worker, Instant leaseUntil) {
        List<Stored> due = messages.values().stream()
                .filter(s -> s.nextAttemptAt != null && !s.nextAttemptAt.isAfter(now))
                .sorted(Comparator.comparing((Stored s) -> s.nextAttemptAt).thenComparing(s -> s.id.value()))
                .limit(Math.max(0, max))
                .toList();
        due.forEach(s -> s.lease(worker, leaseUntil));
        return due.stream().map(Stored::claimed).toList();
    }

    @Override
    public synchronized boolean postpone(MessageId id, Instant dueAt, String worker) {
        Stored s = messages.get(id);
        if (s == null || !worker.equals(s.leasedBy)) {
            return false;
        }
        s.nextAttemptAt = dueAt;
        s.endLease();
        return true;
    }

    @Override
    public synchronized Optional<Instant> nextDueAt() {
        nextDueAsked++;
        return messages.values().stream().map(s -> s.nextAttemptAt).filter(Objects::nonNull).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized boolean recordAttempt(DeliveryAttempt attempt, String worker) {
        Stored s = messages.get(attempt.id());
        if (s == null || !worker.equals(s.leasedBy)) {
            return false;
        }
        attempts.add(attempt);
        history.computeIfAbsent(s.id, k -> new ArrayList<>())
                .add(new AttemptView(attempt.at(), attempt.counts(), attempt.held(), attempt.summary()));
        s.record(attempt);
        return true;
    }

    @Override
    public synchronized List<CompletableFuture<Boolean>> recordAttempts(List<LeasedAttempt> attempts) {
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (LeasedAttempt leased : attempts) {
            try {
                results.add(CompletableFuture.completedFuture(recordAttempt(leased.attempt(), leased.worker())));
            } catch (RuntimeException e) {
                results.add(CompletableFuture.failedFuture(e));
            }
        }
        return results;
    }

    @Override
    public synchronized int releaseHeld(Instant now) {
        List<Stored> held = messages.values().stream().filter(s -> s.status == MessageStatus.HELD).toList();
        held.forEach(s -> s.dueAgain(now));
        return held.size();
    }

    @Override
    public synchronized Set<UnitId> storesWithHeldMail() {
        return messages.values().stream().filter(s -> s.status == MessageStatus.HELD).map(s -> s.store)
                .collect(Collectors.toSet());
    }

    @Override
    public synchronized int retryDeferred(Set<UnitId> stores, Instant now) {
        deferredRetries.add(Set.copyOf(stores));
        List<Stored> deferred = messages.values().stream()
                .filter(s -> s.status == MessageStatus.QUEUED && stores.contains(s.store) && !s.leasedAt(now)
                        && s.nextAttemptAt != null && s.nextAttemptAt.isAfter(now))
                .toList();
        deferred.forEach(s -> s.nextAttemptAt = now);
        return deferred.size();
    }

    @Override
    public synchronized boolean retryNow(MessageId id, Instant now) {
        Stored s = messages.get(id);
        if (s == null || s.recipients.values().stream().allMatch(r -> r.status == RecipientStatus.DELIVERED)) {
            return false;
        }
        s.recipients.values().stream().filter(r -> r.status != RecipientStatus.DELIVERED)
                .forEach(r -> r.set(RecipientStatus.PENDING, r.lastReply, now));
        s.dueAgain(now);
        return true;
    }

    @Override
    public synchronized boolean discard(MessageId id, Instant now) {
        Stored s = messages.get(id);
        if (s == null || s.leasedAt(now) || !s.anyPending()) {
            return false;
        }
        s.recipients.values().stream().filter(r -> r.status == RecipientStatus.PENDING)
                .forEach(r -> r.set(RecipientStatus.FAILED, DISCARDED_REPLY, now));
        s.status = MessageStatus.of(s.statuses(), false);
        s.nextAttemptAt = null;
        s.lastError = DISCARDED_REPLY;
        return true;
    }

    @Override
    public synchronized int deleteFinishedBefore(Instant before) {
        List<MessageId> finished = messages.values().stream()
                .filter(s -> s.status.isFinal() && s.receivedAt.isBefore(before) && s.lastChange().isBefore(before))
                .map(s -> s.id).toList();
        finished.forEach(id -> {
            messages.remove(id);
            history.remove(id);
        });
        return finished.size();
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
    public synchronized Optional<MessageView> findMessage(MessageId id) {
        return Optional.ofNullable(messages.get(id)).map(Stored::view);
    }

    @Override
    public synchronized List<AttemptView> findAttempts(MessageId id) {
        return List.copyOf(history.getOrDefault(id, List.of()));
    }

    @Override
    public synchronized Map<MessageStatus, Long> countByStatus(UnitId store) {
        return messages.values().stream()
                .filter(s -> store == null || store.equals(s.store))
                .collect(Collectors.groupingBy(s -> s.status, Collectors.counting()));
    }

    /** Puts a message in whatever state the view shows, as if its deliveries had already happened; returns its id. */
    public synchronized MessageId add(MessageView view) {
        messages.put(view.id(), new Stored(view));
        lastId = Math.max(lastId, view.id().value());
        return view.id();
    }

    /** Adds to the message's attempt history without recording an attempt. */
    public synchronized void addAttempts(MessageId id, List<AttemptView> attempts) {
        history.computeIfAbsent(id, k -> new ArrayList<>()).addAll(attempts);
    }

    /** Forgets a message, as a rolled-back insert would. */
    public synchronized void remove(MessageId id) {
        messages.remove(id);
        history.remove(id);
    }

    /** Every attempt recorded, in order. */
    public synchronized List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    /** The stores whose deferred mail each call of {@link #retryDeferred} asked to retry, in order. */
    public synchronized List<Set<UnitId>> deferredRetries() {
        return List.copyOf(deferredRetries);
    }

    /** How often {@link #nextDueAt()} was asked. */
    public synchronized int nextDueAsked() {
        return nextDueAsked;
    }

    /** The message's view; fails the test if it does not exist. */
    public MessageView view(MessageId id) {
        return findMessage(id).orElseThrow();
    }

    public synchronized int size() {
        return messages.size();
    }

    /** The message as it was queued. */
    public synchronized NewMessage stored(MessageId id) {
        return messages.get(id).message;
    }

    /** One recipient's row. */
    private static final class Recipient {
        final EmailAddress address;
        RecipientStatus status;
        String lastReply;
        Instant updatedAt;

        Recipient(EmailAddress address, RecipientStatus status, String lastReply, Instant updatedAt) {
            this.address = address;
            set(status, lastReply, updatedAt);
        }

        void set(RecipientStatus newStatus, String reply, Instant at) {
            status = newStatus;
            lastReply = reply;
            updatedAt = at;
        }
    }

    /** One message's row with its recipients. */
    private static final class Stored {
        final MessageId id;
        final NewMessage message;
        final UnitId store;
        final Instant receivedAt;
        final Map<EmailAddress, Recipient> recipients = new LinkedHashMap<>();
        MessageStatus status = MessageStatus.QUEUED;
        Instant nextAttemptAt;
        Instant lastAttemptAt;
        int attemptCount;
        String lastError;
        String leasedBy;
        Instant leaseUntil;
        Instant sendSlot;
        String sentAs;

        Stored(MessageId id, NewMessage message) {
            this.id = id;
            this.message = message;
            this.store = message.store();
            this.receivedAt = message.receivedAt();
            message.recipients().forEach(r -> recipients.putIfAbsent(r,
                    new Recipient(r, RecipientStatus.PENDING, null, message.receivedAt())));
            nextAttemptAt = message.receivedAt();
        }

        Stored(MessageView view) {
            this(view.id(), asQueued(view));
            view.recipients().forEach(r -> recipients.get(new EmailAddress(r.address()))
                    .set(r.status(), r.lastReply(), r.updatedAt()));
            status = view.status();
            nextAttemptAt = view.nextAttemptAt();
            lastAttemptAt = view.lastAttemptAt();
            attemptCount = view.attempts();
            lastError = view.lastError();
            sentAs = view.sentAs();
        }

        private static NewMessage asQueued(MessageView view) {
            List<EmailAddress> to = view.recipients().stream().map(r -> new EmailAddress(r.address())).toList();
            EmailAddress from = view.envelopeSender().isEmpty() ? null : new EmailAddress(view.envelopeSender());
            return new NewMessage(view.store(), view.routingReason(), view.routingExplanation(), from, to, null,
                    MessageContent.ofBytes(new byte[Math.toIntExact(view.size())]), "", "", view.receivedAt(),
                    view.messageIdHeader(), view.subject());
        }

        void lease(String worker, Instant until) {
            leasedBy = worker;
            leaseUntil = until;
            nextAttemptAt = until;                           // due again when the lease lapses
        }

        void endLease() {
            leasedBy = null;
            leaseUntil = null;
        }

        boolean leasedAt(Instant now) {
            return leaseUntil != null && leaseUntil.isAfter(now);
        }

        /** Queued and due now, but a leased message stays due at its lease's end. */
        void dueAgain(Instant now) {
            status = MessageStatus.QUEUED;
            nextAttemptAt = leasedAt(now) ? leaseUntil : now;
        }

        boolean anyPending() {
            return recipients.values().stream().anyMatch(r -> r.status == RecipientStatus.PENDING);
        }

        List<RecipientStatus> statuses() {
            return recipients.values().stream().map(r -> r.status).toList();
        }

        Instant lastChange() {
            return recipients.values().stream().map(r -> r.updatedAt).max(Comparator.naturalOrder()).orElse(receivedAt);
        }

        void record(DeliveryAttempt attempt) {
            Map<EmailAddress, RecipientOutcome> outcomes = attempt.outcomes().stream()
                    .collect(Collectors.toMap(RecipientOutcome::recipient, Function.identity(), (first, later) -> first));
            for (Recipient r : recipients.values()) {
                RecipientOutcome outcome = outcomes.get(r.address);
                if (r.status == RecipientStatus.PENDING && outcome != null) {
                    r.set(outcome.status(), outcome.reply().toString(), attempt.at());
                }
            }
            status = MessageStatus.of(statuses(), attempt.held());
            boolean waiting = status == MessageStatus.QUEUED || status == MessageStatus.HELD;
            nextAttemptAt = !waiting ? null : attempt.nextAttemptAt() != null ? attempt.nextAttemptAt() : attempt.at();
            if (attempt.counts()) {
                attemptCount++;
            }
            lastAttemptAt = attempt.at();
            lastError = status == MessageStatus.DELIVERED ? null : attempt.summary();
            sendSlot = attempt.sendSlot();
            if (attempt.sentAs() != null) {
                sentAs = attempt.sentAs().value();
            }
            endLease();
        }

        ClaimedMessage claimed() {
            List<EmailAddress> pending = recipients.values().stream().filter(r -> r.status == RecipientStatus.PENDING)
                    .map(r -> r.address).toList();
            NewMessage m = message;
            return new ClaimedMessage(id, store, m.envelopeSender(), pending, m.fromDisplayName(), m.content(),
                    m.clientName(), m.clientAddress(), receivedAt, attemptCount, sendSlot, m.messageIdHeader());
        }

        MessageView view() {
            List<RecipientView> rows = recipients.values().stream()
                    .map(r -> new RecipientView(r.address.value(), r.status, r.lastReply, r.updatedAt)).toList();
            return new MessageView(id, store, status, message.routingReason(), message.routingExplanation(),
                    message.envelopeSender() == null ? "" : message.envelopeSender().value(), message.content().size(),
                    receivedAt, nextAttemptAt, lastAttemptAt, attemptCount, lastError, rows, message.subject(),
                    message.messageIdHeader(), sentAs);
        }
    }
}
