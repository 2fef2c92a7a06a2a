package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.MessageView.RecipientView;
import dev.storerelay.application.port.out.QueueStatistics;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.RoutingReason;
import dev.storerelay.domain.model.UnitId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads messages with their recipients as the delivery log shows them. */
final class MessageViews {
    private static final String SELECT = "SELECT id, store_id, status, routing_reason, routing_explanation, envelope_sender, size, "
            + "received_at, next_attempt_at, last_attempt_at, attempts, last_error FROM messages";

    private MessageViews() {
    }

    /** Messages per status, of one store or ({@code null}) of all: an index scan, no message rows read. */
    static Map<MessageStatus, Long> countByStatus(Connection connection, UnitId store) throws SQLException {
        String sql = "SELECT status, COUNT(*) FROM messages" + (store == null ? "" : " WHERE store_id = ?") + " GROUP BY status";
        Map<MessageStatus, Long> counts = new java.util.EnumMap<>(MessageStatus.class);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (store != null) {
                select.setString(1, store.value());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(MessageStatus.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * Queued and held messages and the receipt time of the oldest queued one, in one statement. The counts scan the
     * {@code (status, id)} index for those two statuses only, not the retained delivery log; the oldest queued message
     * is the one with the smallest id among them (ids grow with arrival, as in {@link #find(Connection, MessageQuery)}),
     * the first entry of the same index, so only its row is read, however long the queue is. A message an admin retried keeps its id and
     * its receipt time, and so counts as old as it is.
     */
    static QueueStatistics queueStatistics(Connection connection) throws SQLException {
        long queued = 0;
        long held = 0;
        Instant oldest = null;
        try (PreparedStatement select = connection.prepareStatement(QUEUE_STATISTICS);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long count = rows.getLong("messages");
                if (MessageStatus.QUEUED.name().equals(rows.getString("status"))) {
                    queued = count;
                    oldest = Jdbc.getInstant(rows, "received_at");
                } else {
                    held = count;
                }
            }
        }
        return new QueueStatistics(queued, held, oldest);
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
    static List<MessageView> find(Connection connection, MessageQuery query) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<String> arguments = new ArrayList<>();
        query.unitFilter().ifPresent(unit -> {
            where.append(" AND store_id = ?");
            arguments.add(unit.value());
        });
        query.statusFilter().ifPresent(status -> {
            where.append(" AND status = ?");
            arguments.add(status.name());
        });
        // ids grow with arrival, so id order is arrival order without a tie between equal timestamps
        try (PreparedStatement select = connection.prepareStatement(SELECT + where + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
            int index = 1;
            for (String argument : arguments) {
                select.setString(index++, argument);
            }
            select.setInt(index++, query.limit());
            select.setInt(index, query.offset());
            return read(connection, select);
        }
    }

    static Optional<MessageView> find(Connection connection, MessageId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE id = ?")) {
            select.setLong(1, id.value());
            return read(connection, select).stream().findFirst();
        }
    }

    /** Runs a query that starts with {@link #SELECT} and adds each message's recipients, keeping the query's order. */
    private static List<MessageView> read(Connection connection, PreparedStatement select) throws SQLException {
        Map<Long, ResultRow> messages = new LinkedHashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                messages.put(rows.getLong("id"), ResultRow.of(rows));
            }
        }
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Long> ids = List.copyOf(messages.keySet());
        Map<Long, List<RecipientView>> recipients = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT message_id, address, status, last_reply, updated_at FROM message_recipients WHERE message_id IN "
                        + Jdbc.placeholders(ids.size()) + " ORDER BY message_id, seq")) {
            Jdbc.bindIds(query, 1, ids);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    recipients.computeIfAbsent(rows.getLong("message_id"), k -> new ArrayList<>())
                            .add(new RecipientView(rows.getString("address"), RecipientStatus.valueOf(rows.getString("status")),
                                    rows.getString("last_reply"), Jdbc.getInstant(rows, "updated_at")));
                }
            }
        }
        List<MessageView> views = new ArrayList<>();
        messages.forEach((id, row) -> views.add(row.toView(recipients.getOrDefault(id, List.of()))));
        return views;
    }

    /** The message columns of one row, read before the recipients are. */
    private record ResultRow(long id, String store, String status, String reason, String explanation, String sender,
                             long size, Instant receivedAt, Instant nextAttemptAt,
                             Instant lastAttemptAt, int attempts, String lastError) {
        static ResultRow of(ResultSet rows) throws SQLException {
            return new ResultRow(rows.getLong("id"), rows.getString("store_id"), rows.getString("status"),
                    rows.getString("routing_reason"), rows.getString("routing_explanation"), rows.getString("envelope_sender"),
                    rows.getLong("size"), Jdbc.getInstant(rows, "received_at"), Jdbc.getInstant(rows, "next_attempt_at"),
                    Jdbc.getInstant(rows, "last_attempt_at"), rows.getInt("attempts"), rows.getString("last_error"));
        }

        MessageView toView(List<RecipientView> recipients) {
            return new MessageView(new MessageId(id), new UnitId(store), MessageStatus.valueOf(status),
                    RoutingReason.valueOf(reason), explanation, sender == null ? "" : sender, size, receivedAt,
                    nextAttemptAt, lastAttemptAt, attempts, lastError, recipients);
        }
    }
}
