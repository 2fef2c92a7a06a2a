package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UnitId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable queue and delivery log in tables {@code messages}, {@code message_recipients} and
 * {@code delivery_attempts}. Several relay processes may share them: claiming takes row locks with
 * {@code SKIP LOCKED} (MariaDB 10.6+) and marks a lease, and only the lease holder may record the outcome.
 */
final class JdbcMessageQueueAdapter implements MessageQueuePort, LoadMessageLogPort {
    private static final String PENDING = RecipientStatus.PENDING.name();

    private final Database database;

    JdbcMessageQueueAdapter(Database database) {
        this.database = database;
    }

    @Override
    public MessageId enqueue(NewMessage message) {
        return Jdbc.inTransaction(database, "queue a message for store " + message.store(), connection -> {
            long id = insertMessage(connection, message);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO message_recipients (message_id, seq, address, status, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (EmailAddress recipient : message.recipients()) {
                    insert.setLong(1, id);
                    insert.setInt(2, seq++);
                    insert.setString(3, recipient.value());
                    insert.setString(4, PENDING);
                    Jdbc.setInstant(insert, 5, message.receivedAt());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return new MessageId(id);
        });
    }

    private static long insertMessage(Connection connection, NewMessage message) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO messages (store_id, routing_reason, routing_explanation, envelope_sender, from_display_name, "
                        + "client_name, client_address, received_at, size, content, status, held, next_attempt_at, attempts) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, 0)", Statement.RETURN_GENERATED_KEYS);
             InputStream content = message.content().open()) {
            insert.setString(1, message.store().value());
            insert.setString(2, message.routingReason().name());
            insert.setString(3, message.routingExplanation());
            Jdbc.setNullableString(insert, 4, message.envelopeSender() == null ? null : message.envelopeSender().value());
            Jdbc.setNullableString(insert, 5, message.fromDisplayName());
            insert.setString(6, message.clientName());
            insert.setString(7, message.clientAddress());
            Jdbc.setInstant(insert, 8, message.receivedAt());
            insert.setLong(9, message.content().size());
            boolean inline = message.content().size() <= MessageChunks.CHUNK_SIZE;
            if (inline) {
                insert.setBinaryStream(10, content, message.content().size());
            } else {
                insert.setNull(10, java.sql.Types.BLOB);
            }
            insert.setString(11, MessageStatus.QUEUED.name());
            Jdbc.setInstant(insert, 12, message.receivedAt());      // all recipients pending, due now
            insert.executeUpdate();
            long id;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id was generated for the new message");
                }
                id = keys.getLong(1);
            }
            if (!inline) {
                MessageChunks.write(connection, id, content);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the content of the message to queue", e);
        }
    }

    @Override
    public List<ClaimedMessage> claimDue(Instant now, int max, String worker, Instant leaseUntil) {
        if (max <= 0) {
            return List.of();
        }
        return Jdbc.inTransaction(database, "claim due messages", connection -> {
            List<Long> ids = new ArrayList<>();
            // Rows another worker is claiming right now are skipped instead of waited for; a lapsed lease
            // (crashed worker) makes the message claimable again.
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM messages WHERE next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) "
                            + "ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                Jdbc.setInstant(select, 1, now);
                Jdbc.setInstant(select, 2, now);
                select.setInt(3, max);
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
                    "UPDATE messages SET lease_owner = ?, lease_until = ? WHERE id IN " + Jdbc.placeholders(ids.size()))) {
                lease.setString(1, worker);
                Jdbc.setInstant(lease, 2, leaseUntil);
                Jdbc.bindIds(lease, 3, ids);
                lease.executeUpdate();
            }
            return loadClaimed(connection, ids);
        });
    }

    private List<ClaimedMessage> loadClaimed(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, List<EmailAddress>> pending = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT message_id, address FROM message_recipients WHERE status = ? AND message_id IN "
                        + Jdbc.placeholders(ids.size()) + " ORDER BY message_id, seq")) {
            select.setString(1, PENDING);
            Jdbc.bindIds(select, 2, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(new EmailAddress(rows.getString(2)));
                }
            }
        }
        Map<Long, ClaimedMessage> claimed = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, store_id, envelope_sender, from_display_name, size, client_name, client_address, received_at, "
                        + "attempts FROM messages WHERE id IN " + Jdbc.placeholders(ids.size()))) {
            Jdbc.bindIds(select, 1, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong("id");
                    String sender = rows.getString("envelope_sender");
                    claimed.put(id, new ClaimedMessage(new MessageId(id), new UnitId(rows.getString("store_id")),
                            sender == null ? null : new EmailAddress(sender), pending.getOrDefault(id, List.of()),
                            rows.getString("from_display_name"),
                            new StoredMessageContent(database, id, rows.getLong("size")),
                            rows.getString("client_name"), rows.getString("client_address"),
                            Jdbc.getInstant(rows, "received_at"), rows.getInt("attempts")));
                }
            }
        }
        return ids.stream().map(claimed::get).toList();             // oldest due first, as claimed
    }

    @Override
    public boolean recordAttempt(DeliveryAttempt attempt, String worker) {
        long id = attempt.id().value();
        return Jdbc.inTransaction(database, "record a delivery attempt of message " + id, connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT id FROM messages WHERE id = ? AND lease_owner = ? FOR UPDATE")) {
                lock.setLong(1, id);
                lock.setString(2, worker);
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        return false;                                // another worker took over the lapsed lease
                    }
                }
            }
            updateRecipients(connection, id, attempt);
            MessageStatus status = MessageStatus.of(recipientStatuses(connection, id), attempt.held());
            Instant next = status == MessageStatus.QUEUED || status == MessageStatus.HELD
                    // pending recipients the attempt did not mention must not be stranded without a due time
                    ? (attempt.nextAttemptAt() != null ? attempt.nextAttemptAt() : attempt.at())
                    : null;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET attempts = attempts + ?, last_attempt_at = ?, last_error = ?, next_attempt_at = ?, "
                            + "held = ?, status = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?")) {
                update.setInt(1, attempt.counts() ? 1 : 0);
                Jdbc.setInstant(update, 2, attempt.at());
                // A delivered message has no error; its summary stays in the attempt history.
                update.setString(3, status == MessageStatus.DELIVERED ? null : attempt.summary());
                Jdbc.setInstant(update, 4, next);
                update.setBoolean(5, status == MessageStatus.HELD);
                update.setString(6, status.name());
                update.setLong(7, id);
                update.executeUpdate();
            }
            try (PreparedStatement history = connection.prepareStatement(
                    "INSERT INTO delivery_attempts (message_id, at, counted, held, summary) VALUES (?, ?, ?, ?, ?)")) {
                history.setLong(1, id);
                Jdbc.setInstant(history, 2, attempt.at());
                history.setBoolean(3, attempt.counts());
                history.setBoolean(4, attempt.held());
                history.setString(5, attempt.summary());
                history.executeUpdate();
            }
            return true;
        });
    }

    private static void updateRecipients(Connection connection, long id, DeliveryAttempt attempt) throws SQLException {
        // Only pending recipients change: a recipient already delivered or failed keeps its outcome.
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE message_recipients SET status = ?, last_reply = ?, updated_at = ? "
                        + "WHERE message_id = ? AND address = ? AND status = ?")) {
            for (RecipientOutcome outcome : attempt.outcomes()) {
                update.setString(1, outcome.status().name());
                update.setString(2, outcome.reply().toString());
                Jdbc.setInstant(update, 3, attempt.at());
                update.setLong(4, id);
                update.setString(5, outcome.recipient().value());
                update.setString(6, PENDING);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static List<RecipientStatus> recipientStatuses(Connection connection, long id) throws SQLException {
        List<RecipientStatus> statuses = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT status FROM message_recipients WHERE message_id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    statuses.add(RecipientStatus.valueOf(rows.getString(1)));
                }
            }
        }
        return statuses;
    }

    @Override
    public boolean postpone(MessageId id, Instant dueAt, String worker) {
        return Jdbc.withConnection(database, "postpone message " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET next_attempt_at = ?, lease_owner = NULL, lease_until = NULL "
                            + "WHERE id = ? AND lease_owner = ?")) {
                Jdbc.setInstant(update, 1, dueAt);
                update.setLong(2, id.value());
                update.setString(3, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Instant> nextDueAt() {
        // A leased message is due again at the earliest when its lease lapses; counting it earlier would make
        // the workers poll in a loop while another worker delivers it.
        return Jdbc.withConnection(database, "find the next due message", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_until, next_attempt_at))) AS due "
                            + "FROM messages WHERE next_attempt_at IS NOT NULL");
                 ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(Jdbc.getInstant(rows, "due")) : Optional.empty();
            }
        });
    }

    @Override
    public int releaseHeld(Instant now) {
        return Jdbc.withConnection(database, "release held messages", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET held = FALSE, status = ?, next_attempt_at = ? WHERE held = TRUE AND next_attempt_at IS NOT NULL")) {
                update.setString(1, MessageStatus.QUEUED.name());
                Jdbc.setInstant(update, 2, now);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean retryNow(MessageId id, Instant now) {
        return Jdbc.inTransaction(database, "retry message " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE message_recipients SET status = ?, updated_at = ? WHERE message_id = ? AND status <> ?")) {
                update.setString(1, PENDING);
                Jdbc.setInstant(update, 2, now);
                update.setLong(3, id.value());
                update.setString(4, RecipientStatus.DELIVERED.name());
                update.executeUpdate();
            }
            if (!recipientStatuses(connection, id.value()).contains(RecipientStatus.PENDING)) {
                return false;                                        // unknown, or every recipient delivered
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET status = ?, held = FALSE, next_attempt_at = ? WHERE id = ?")) {
                update.setString(1, MessageStatus.QUEUED.name());
                Jdbc.setInstant(update, 2, now);
                update.setLong(3, id.value());
                update.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<MessageView> findMessages(MessageQuery query) {
        return Jdbc.withConnection(database, "read the delivery log", connection -> MessageViews.find(connection, query));
    }

    @Override
    public Optional<MessageView> findMessage(MessageId id) {
        return Jdbc.withConnection(database, "read message " + id, connection -> MessageViews.find(connection, id));
    }

    @Override
    public List<AttemptView> findAttempts(MessageId id) {
        return Jdbc.withConnection(database, "read the attempts of message " + id, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT at, counted, held, summary FROM delivery_attempts WHERE message_id = ? ORDER BY id")) {
                select.setLong(1, id.value());
                List<AttemptView> attempts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        attempts.add(new AttemptView(Jdbc.getInstant(rows, "at"), rows.getBoolean("counted"),
                                rows.getBoolean("held"), rows.getString("summary")));
                    }
                }
                return attempts;
            }
        });
    }
}
