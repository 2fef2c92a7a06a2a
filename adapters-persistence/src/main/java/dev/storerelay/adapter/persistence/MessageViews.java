package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
import dev.storerelay.application.port.out.QueueStatistics;
import dev.storerelay.application.port.out.TextMatch;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads messages with their recipients as the delivery log shows them. */
final class MessageViews {
    private static final String SELECT = "SELECT m.id, m.store_id, m.status, m.routing_reason, m.routing_explanation, "
            + "m.envelope_sender, m.size, m.received_at, m.next_attempt_at, m.last_attempt_at, m.attempts, m.last_error, "
            + "m.subject, m.message_id_header, m.sent_as FROM messages m";

    private MessageViews() {
    }

    /** Messages per status, of one store or ({@code null}) of all: an index scan, no message rows read. */
    static Map<MessageStatus, Long> countByStatus(Handle handle, UnitId store) {
        Query select = handle.createQuery("SELECT status, COUNT(*) FROM messages"
                + (store == null ? "" : " WHERE store_id = ?") + " GROUP BY status");
        if (store != null) {
            select.bind(0, store.value());
        }
        return select.map((rows, context) -> Map.entry(MessageStatus.valueOf(rows.getString(1)), rows.getLong(2)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum,
                        () -> new EnumMap<>(MessageStatus.class)));
    }

    /**
     * Queued and held messages and the receipt time of the oldest queued one, in one statement. The counts scan the
     * {@code (status, id)} index for those two statuses only, not the retained delivery log; the oldest queued message
     * is the one with the smallest id among them (ids grow with arrival, as in {@link #find(Handle, MessageQuery)}),
     * the first entry of the same index, so only its row is read, however long the queue is. A message an admin retried keeps its id and
     * its receipt time, and so counts as old as it is.
     */
    static QueueStatistics queueStatistics(Handle handle) {
        return handle.createQuery(QUEUE_STATISTICS).reduceRows(QueueStatistics.EMPTY, (counted, row) -> {
            long messages = row.getColumn("messages", Long.class);
            return MessageStatus.QUEUED.name().equals(row.getColumn("status", String.class))
                    ? new QueueStatistics(messages, counted.held(), row.getColumn("received_at", Instant.class))
                    : new QueueStatistics(counted.queued(), messages, counted.oldestQueuedReceivedAt());
        });
    }

    /**
     * Per pending status its count and the receipt time of its first message. Both read {@code idx_messages_status}
     * ({@code status, id}), named outright: for the first message of a status the planner otherwise walks the primary
     * key in id order from the start (its LIMIT 1 looks cheap), through every finished message of the retained log.
     */
    static final String QUEUE_STATISTICS = "SELECT pending.status, COUNT(*) AS messages,"
            + " (SELECT m.received_at FROM messages m FORCE INDEX (idx_messages_status) WHERE m.status = pending.status"
            + " ORDER BY m.id LIMIT 1) AS received_at"
            + " FROM messages pending FORCE INDEX (idx_messages_status)"
            + " WHERE pending.status IN ('QUEUED', 'HELD') GROUP BY pending.status";

    /** The page of the log the query asks for, newest first. */
    static List<MessageView> find(Handle handle, MessageQuery query) {
        Search search = search(query);
        Query select = handle.createQuery(search.sql());
        for (int i = 0; i < search.arguments().size(); i++) {
            select.bind(i, search.arguments().get(i));
        }
        return read(handle, select);
    }

    /** A statement and the values of its parameters, in order. */
    record Search(String sql, List<Object> arguments) {
    }

    /**
     * The statement of a search (README, *Message search*), each filter a condition on a column with an index of its own (V13). Text
     * filters compare the lower-cased copies with {@code LOWER(?)}, so the value typed is lower-cased by the same rules
     * as the stored ones; a prefix is a {@code LIKE} without a leading wildcard, which is a range of the index.
     *
     * <p>The index to start from is named ({@link #leadingIndex}): left to itself, the server reads a prefix that many
     * messages share by walking the whole log backwards in id order until a page is full, which for a rare one means
     * every row. Named, a search costs what it finds. ids grow with arrival, so id order is arrival order without a tie
     * between equal timestamps; a time range is read backwards in its own index instead, receipt time first.
     */
    static Search search(MessageQuery query) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> arguments = new ArrayList<>();
        Set<UnitId> stores = query.stores() != null ? query.stores() : query.unit() != null ? Set.of(query.unit()) : null;
        if (stores != null) {
            where.append(" AND m.store_id IN ").append(SqlValues.placeholders(stores.size()));
            stores.stream().map(UnitId::value).sorted().forEach(arguments::add);
        }
        query.statusFilter().ifPresent(status -> {
            where.append(" AND m.status = ?");
            arguments.add(status.name());
        });
        if (query.deferredOnly()) {
            where.append(" AND m.attempts > 0");
        }
        if (query.id() != null) {
            where.append(" AND m.id = ?");
            arguments.add(query.id().value());
        }
        if (query.recipient() != null) {
            where.append(" AND m.id IN (SELECT r.message_id FROM message_recipients r WHERE r.address_lower")
                    .append(lowerCased(query.recipient(), arguments)).append(")");
        }
        if (query.sender() != null) {
            where.append(" AND m.envelope_sender_lower").append(lowerCased(query.sender(), arguments));
        }
        if (query.subject() != null) {
            // the column's collation ignores case and accents
            where.append(" AND m.subject LIKE CONCAT(?, '%')");
            arguments.add(likeEscaped(query.subject().text()));
        }
        if (query.messageIdHeader() != null) {
            // as sent, a Message-ID has angle brackets; typed, it may not
            String bare = MessageQuery.bare(query.messageIdHeader());
            where.append(" AND m.message_id_header IN (?, ?)");
            arguments.add(bare);
            arguments.add("<" + bare + ">");
        }
        if (query.since() != null) {
            where.append(" AND m.received_at >= ?");
            arguments.add(query.since());
        }
        if (query.until() != null) {
            where.append(" AND m.received_at < ?");
            arguments.add(query.until());
        }
        arguments.add(query.limit());
        arguments.add(query.offset());
        String index = leadingIndex(query);
        String order = RECEIVED_INDEX.equals(index) ? " ORDER BY m.received_at DESC, m.id DESC" : " ORDER BY m.id DESC";
        return new Search(SELECT + (index == null ? "" : " FORCE INDEX (" + index + ")") + where + order
                + " LIMIT ? OFFSET ?", arguments);
    }

    private static final String RECEIVED_INDEX = "idx_messages_received";

    /**
     * The index of {@code messages} a search starts from: the filter that usually leaves the fewest rows. None for a
     * queue id (the primary key), a recipient (the server starts from {@code message_recipients}' index) and the unit
     * and status filters, whose indexes the server picks by itself, or for the whole log in id order.
     */
    private static String leadingIndex(MessageQuery query) {
        if (query.id() != null) {
            return null;
        }
        if (query.messageIdHeader() != null) {
            return "idx_messages_message_id";
        }
        if (query.recipient() != null) {
            return null;
        }
        if (query.sender() != null) {
            return "idx_messages_sender";
        }
        if (query.subject() != null) {
            return "idx_messages_subject";
        }
        if (query.since() != null || query.until() != null) {
            return RECEIVED_INDEX;
        }
        return null;
    }

    /** {@code = LOWER(?)}, or for a prefix {@code LIKE} it followed by {@code %}, the value added to {@code arguments}. */
    private static String lowerCased(TextMatch match, List<Object> arguments) {
        if (match.prefix()) {
            arguments.add(likeEscaped(match.text()));
            return " LIKE CONCAT(LOWER(?), '%')";
        }
        arguments.add(match.text());
        return " = LOWER(?)";
    }

    /** The text with LIKE's wildcards and escape character escaped, so that it matches only itself. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static Optional<MessageView> find(Handle handle, MessageId id) {
        return read(handle, handle.createQuery(SELECT + " WHERE m.id = ?").bind(0, id.value())).stream().findFirst();
    }

    /** Runs a query that starts with {@link #SELECT} and adds each message's recipients, keeping the query's order. */
    private static List<MessageView> read(Handle handle, Query select) {
        List<ResultRow> messages = select.map((rows, context) -> ResultRow.of(rows)).list();
        if (messages.isEmpty()) {
            return List.of();
        }
        Map<Long, List<RecipientView>> recipients = handle.createQuery("SELECT message_id, address, status, last_reply, "
                        + "updated_at FROM message_recipients WHERE message_id IN (<ids>) ORDER BY message_id, seq")
                .bindList("ids", messages.stream().map(ResultRow::id).toList())
                .map((rows, context) -> Map.entry(rows.getLong("message_id"), new RecipientView(rows.getString("address"),
                        RecipientStatus.valueOf(rows.getString("status")), rows.getString("last_reply"),
                        SqlValues.getInstant(rows, "updated_at"))))
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return messages.stream().map(row -> row.toView(recipients.getOrDefault(row.id(), List.of()))).toList();
    }

    /** The message columns of one row, read before the recipients are. */
    private record ResultRow(long id, String store, String status, String reason, String explanation, String sender,
                             long size, Instant receivedAt, Instant nextAttemptAt,
                             Instant lastAttemptAt, int attempts, String lastError, String subject,
                             String messageIdHeader, String sentAs) {
        static ResultRow of(ResultSet rows) throws SQLException {
            return new ResultRow(rows.getLong("id"), rows.getString("store_id"), rows.getString("status"),
                    rows.getString("routing_reason"), rows.getString("routing_explanation"), rows.getString("envelope_sender"),
                    rows.getLong("size"), SqlValues.getInstant(rows, "received_at"), SqlValues.getInstant(rows, "next_attempt_at"),
                    SqlValues.getInstant(rows, "last_attempt_at"), rows.getInt("attempts"), rows.getString("last_error"),
                    rows.getString("subject"), rows.getString("message_id_header"), rows.getString("sent_as"));
        }

        MessageView toView(List<RecipientView> recipients) {
            return new MessageView(new MessageId(id), new UnitId(store), MessageStatus.valueOf(status),
                    RoutingReason.valueOf(reason), explanation, sender == null ? "" : sender, size, receivedAt,
                    nextAttemptAt, lastAttemptAt, attempts, lastError, recipients, subject, messageIdHeader, sentAs);
        }
    }
}
