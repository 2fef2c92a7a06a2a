package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An admin's retry and discard of one message, each in one transaction that locks the message's row first. */
final class JdbcMessageActionsAdapter implements MessageActionsPort {
    private final Database database;

    JdbcMessageActionsAdapter(Database database) {
        this.database = database;
    }

    @Override
    public boolean retryNow(MessageId id, Instant now) {
        return Jdbc.inTransaction(database, "retry message " + id, connection -> {
            // The message's row first, like every writer of both tables: in the other order, a retry and a worker
            // recording the same message could each wait for the other.
            String store;
            try (PreparedStatement lock = connection.prepareStatement("SELECT store_id FROM messages WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, id.value());
                try (ResultSet rows = lock.executeQuery()) {
                    store = rows.next() ? rows.getString(1) : null;
                }
            }
            if (store == null) {
                return false;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE message_recipients SET status = ?, updated_at = ? WHERE message_id = ? AND status <> ?")) {
                update.setString(1, QueueRows.PENDING);
                SqlValues.setInstant(update, 2, now);
                update.setLong(3, id.value());
                update.setString(4, RecipientStatus.DELIVERED.name());
                update.executeUpdate();
            }
            if (!hasPendingRecipient(connection, id.value())) {
                return false;                                        // unknown, or every recipient delivered
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET status = ?, held = FALSE, next_attempt_at = " + QueueRows.DUE_NOW_UNLESS_LEASED + " WHERE id = ?")) {
                update.setString(1, MessageStatus.QUEUED.name());
                SqlValues.setInstant(update, 2, now);
                SqlValues.setInstant(update, 3, now);
                update.setLong(4, id.value());
                update.executeUpdate();
            }
            StoreSummaries.recount(connection, List.of(store));
            return true;
        });
    }
    /**
     * Only pending recipients change, so a delivered one stays delivered. A leased message is refused: its worker
     * will record only pending recipients, so a discard now would hide what the attempt really did.
     */
    @Override
    public boolean discard(MessageId id, Instant now) {
        return Jdbc.inTransaction(database, "discard message " + id, connection -> {
            String store;
            // The row lock keeps a worker from claiming the message between this check and the update.
            try (PreparedStatement lease = connection.prepareStatement(
                    "SELECT lease_until, store_id FROM messages WHERE id = ? FOR UPDATE")) {
                lease.setLong(1, id.value());
                try (ResultSet rows = lease.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                    store = rows.getString("store_id");
                    Instant leaseUntil = SqlValues.getInstant(rows, "lease_until");
                    if (leaseUntil != null && leaseUntil.isAfter(now)) {
                        return false;                                // an attempt is under way
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE message_recipients SET status = ?, last_reply = ?, updated_at = ? WHERE message_id = ? AND status = ?")) {
                update.setString(1, RecipientStatus.FAILED.name());
                update.setString(2, DISCARDED_REPLY);
                SqlValues.setInstant(update, 3, now);
                update.setLong(4, id.value());
                update.setString(5, QueueRows.PENDING);
                if (update.executeUpdate() == 0) {
                    return false;                                    // unknown, or nothing pending
                }
            }
            List<RecipientStatus> statuses = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT status FROM message_recipients WHERE message_id = ?")) {
                select.setLong(1, id.value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        statuses.add(RecipientStatus.valueOf(rows.getString("status")));
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET status = ?, held = FALSE, next_attempt_at = NULL, last_error = ? WHERE id = ?")) {
                update.setString(1, MessageStatus.of(statuses, false).name());
                update.setString(2, DISCARDED_REPLY);
                update.setLong(3, id.value());
                update.executeUpdate();
            }
            StoreSummaries.recount(connection, List.of(store));
            return true;
        });
    }

    private static boolean hasPendingRecipient(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM message_recipients WHERE message_id = ? AND status = ? LIMIT 1")) {
            select.setLong(1, id);
            select.setString(2, QueueRows.PENDING);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }
}
