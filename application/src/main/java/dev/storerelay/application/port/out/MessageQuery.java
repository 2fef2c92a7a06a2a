package dev.storerelay.application.port.out;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.UnitId;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A page of the delivery log, newest first, and the search that chooses it (README, *Message search*). Every filter is
 * optional ({@code null}: no filter) and they combine with AND.
 *
 * @param unit            the unit asked for: its messages and those of every unit below it
 * @param stores          the units of {@code unit}'s subtree, as resolved by the use case, which the storage
 *                        adapter filters by; {@code null} while unresolved, and then only {@code unit}'s own messages
 * @param status          only messages in this status
 * @param deferredOnly    only queued messages that have been tried at least once (status {@code QUEUED} implied)
 * @param id              the queue id
 * @param recipient       a recipient's address
 * @param sender          the envelope sender as submitted
 * @param subject         the subject, always a prefix match
 * @param messageIdHeader the {@code Message-ID} exactly as sent, angle brackets included
 * @param since           received at or after
 * @param until           received before
 */
public record MessageQuery(UnitId unit, Set<UnitId> stores, MessageStatus status, boolean deferredOnly, MessageId id,
                           TextMatch recipient, TextMatch sender, TextMatch subject, String messageIdHeader,
                           Instant since, Instant until, int limit, int offset) {
    public static final int MAX_LIMIT = 500;

    public MessageQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        stores = stores == null ? null : Set.copyOf(stores);
        if (deferredOnly && status != null && status != MessageStatus.QUEUED) {
            throw new IllegalArgumentException("deferred messages are queued ones");
        }
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("until must not be before since");
        }
    }

    /** A page of one unit's subtree (or all) in one status (or all), without a search. */
    public MessageQuery(UnitId unit, MessageStatus status, int limit, int offset) {
        this(unit, null, status, false, null, null, null, null, null, null, null, limit, offset);
    }

    /** A page of the whole log. */
    public static MessageQuery page(int limit, int offset) {
        return new MessageQuery(null, null, limit, offset);
    }

    public MessageQuery withUnit(UnitId u) {
        return new MessageQuery(u, null, status, deferredOnly, id, recipient, sender, subject, messageIdHeader, since,
                until, limit, offset);
    }

    /** The same search with {@code unit}'s subtree resolved. */
    public MessageQuery withStores(Set<UnitId> subtree) {
        return new MessageQuery(unit, subtree, status, deferredOnly, id, recipient, sender, subject, messageIdHeader,
                since, until, limit, offset);
    }

    public MessageQuery withStatus(MessageStatus s, boolean deferred) {
        return new MessageQuery(unit, stores, deferred ? MessageStatus.QUEUED : s, deferred, id, recipient, sender,
                subject, messageIdHeader, since, until, limit, offset);
    }

    public MessageQuery withId(MessageId queueId) {
        return new MessageQuery(unit, stores, status, deferredOnly, queueId, recipient, sender, subject, messageIdHeader,
                since, until, limit, offset);
    }

    public MessageQuery withRecipient(TextMatch match) {
        return new MessageQuery(unit, stores, status, deferredOnly, id, match, sender, subject, messageIdHeader, since,
                until, limit, offset);
    }

    public MessageQuery withSender(TextMatch match) {
        return new MessageQuery(unit, stores, status, deferredOnly, id, recipient, match, subject, messageIdHeader,
                since, until, limit, offset);
    }

    /** Subjects that begin with {@code prefix}'s text (a whole subject is a prefix of itself). */
    public MessageQuery withSubject(TextMatch prefix) {
        return new MessageQuery(unit, stores, status, deferredOnly, id, recipient, sender,
                prefix == null ? null : TextMatch.prefix(prefix.text()), messageIdHeader, since, until, limit, offset);
    }

    public MessageQuery withMessageIdHeader(String header) {
        return new MessageQuery(unit, stores, status, deferredOnly, id, recipient, sender, subject,
                header == null || header.isBlank() ? null : header.strip(), since, until, limit, offset);
    }

    public MessageQuery withReceived(Instant from, Instant to) {
        return new MessageQuery(unit, stores, status, deferredOnly, id, recipient, sender, subject, messageIdHeader,
                from, to, limit, offset);
    }

    /**
     * Whether the query finds {@code m}, in plain Java: the meaning the storage adapter's statement has, for fakes.
     * The Message-ID matches with or without its angle brackets.
     */
    public boolean matches(MessageView m) {
        Set<UnitId> in = stores != null ? stores : unit != null ? Set.of(unit) : null;
        return (in == null || in.contains(m.store()))
                && (status == null || status == m.status())
                && (!deferredOnly || m.deferred())
                && (id == null || id.equals(m.id()))
                && (recipient == null || m.recipients().stream().anyMatch(r -> recipient.matches(r.address())))
                && (sender == null || sender.matches(m.envelopeSender()))
                && (subject == null || subject.matches(m.subject()))
                && (messageIdHeader == null || bare(messageIdHeader).equals(bare(m.messageIdHeader())))
                && (since == null || !m.receivedAt().isBefore(since))
                && (until == null || m.receivedAt().isBefore(until));
    }

    /** A Message-ID without its angle brackets, as typed or as sent. */
    public static String bare(String messageIdHeader) {
        if (messageIdHeader == null) {
            return null;
        }
        String s = messageIdHeader.strip();
        return s.length() >= 2 && s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    public Optional<UnitId> unitFilter() {
        return Optional.ofNullable(unit);
    }

    public Optional<MessageStatus> statusFilter() {
        return Optional.ofNullable(status);
    }
}
