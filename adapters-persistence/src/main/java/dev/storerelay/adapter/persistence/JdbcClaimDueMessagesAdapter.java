package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.ClaimDueMessagesPort;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.domain.model.EmailAddress;
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

/**
 * Leases due messages to workers. Several relay processes may share the queue: claiming takes row locks with
 * {@code SKIP LOCKED} (MariaDB 10.6+) and marks a lease, and only the lease holder may record the outcome or give the
 * message back. Plain JDBC: claiming is the hot path.
 */
final class JdbcClaimDueMessagesAdapter implements ClaimDueMessagesPort {
    private final Database database;

    JdbcClaimDueMessagesAdapter(Database database) {
        this.database = database;
    }

    @Override
    public List<ClaimedMessage> claimDue(Instant now, int max, String worker, Instant leaseUntil) {
        if (max <= 0) {
            return List.of();
        }
        // Claims by other workers and processes, and the recording of outcomes, lock the same rows: should the server
        // pick this claim to break a deadlock, it is simply claimed again.
        return Jdbc.inTransactionAgainAfterDeadlock(database, "claim due messages", connection -> {
            List<Long> ids = new ArrayList<>();
            // Rows another worker is claiming right now are skipped instead of waited for. A claimed message is due
            // again when its lease lapses (a crashed worker's mail comes back by itself), so the scan reads only
            // due rows from the index and never passes over mail in flight.
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM messages WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                SqlValues.setInstant(select, 1, now);
                select.setInt(2, max);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement lease = connection.prepareStatement(
                    "UPDATE messages SET lease_owner = ?, lease_until = ?, next_attempt_at = ? WHERE id IN " + SqlValues.placeholders(ids.size()))) {
                lease.setString(1, worker);
                SqlValues.setInstant(lease, 2, leaseUntil);
                SqlValues.setInstant(lease, 3, leaseUntil);
                SqlValues.bindIds(lease, 4, ids);
                lease.executeUpdate();
            }
            return loadClaimed(connection, ids);
        });
    }

    private List<ClaimedMessage> loadClaimed(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, List<EmailAddress>> pending = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT message_id, address FROM message_recipients WHERE status = ? AND message_id IN "
                        + SqlValues.placeholders(ids.size()) + " ORDER BY message_id, seq")) {
            select.setString(1, QueueRows.PENDING);
            SqlValues.bindIds(select, 2, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(new EmailAddress(rows.getString(2)));
                }
            }
        }
        Map<Long, ClaimedMessage> claimed = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, store_id, envelope_sender, from_display_name, size, client_name, client_address, received_at, "
                        + "attempts, send_slot_at, message_id_header FROM messages WHERE id IN " + SqlValues.placeholders(ids.size()))) {
            SqlValues.bindIds(select, 1, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong("id");
                    String sender = rows.getString("envelope_sender");
                    claimed.put(id, new ClaimedMessage(new MessageId(id), new UnitId(rows.getString("store_id")),
                            sender == null ? null : new EmailAddress(sender), pending.getOrDefault(id, List.of()),
                            rows.getString("from_display_name"),
                            new StoredMessageContent(database, id, rows.getLong("size")),
                            rows.getString("client_name"), rows.getString("client_address"),
                            SqlValues.getInstant(rows, "received_at"), rows.getInt("attempts"),
                            SqlValues.getInstant(rows, "send_slot_at"), rows.getString("message_id_header")));
                }
            }
        }
        return ids.stream().map(claimed::get).toList();             // oldest due first, as claimed
    }

    @Override
    public boolean postpone(MessageId id, Instant dueAt, String worker) {
        return Jdbc.withConnection(database, "postpone message " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET next_attempt_at = ?, lease_owner = NULL, lease_until = NULL "
                            + "WHERE id = ? AND lease_owner = ?")) {
                SqlValues.setInstant(update, 1, dueAt);
                update.setLong(2, id.value());
                update.setString(3, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Instant> nextDueAt() {
        // A leased message's due time is its lease's end, so the earliest due time is one index look-up.
        return Jdbc.withConnection(database, "find the next due message", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT MIN(next_attempt_at) AS due FROM messages");
                 ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(SqlValues.getInstant(rows, "due")) : Optional.empty();
            }
        });
    }
}
