package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.AttemptView;
import dev.storerelay.application.port.out.ClaimedMessage;
import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.LoadQueueStatisticsPort;
import dev.storerelay.application.port.out.MessageQuery;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.MessageView;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.application.port.out.QueueStatistics;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UpstreamReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The durable queue and delivery log in tables {@code messages}, {@code message_recipients} and
 * {@code delivery_attempts}. Several relay processes may share them: claiming takes row locks with
 * {@code SKIP LOCKED} (MariaDB 10.6+) and marks a lease, and only the lease holder may record the outcome.
 *
 * <p>Claiming, recording and retrying stay plain JDBC: they are the hot path and send multi-statement scripts in one
 * round trip; only the delivery log's reads go through Jdbi ({@link MessageViews}).
 */
final class JdbcMessageQueueAdapter implements MessageQueuePort, LoadMessageLogPort, LoadQueueStatisticsPort {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageQueueAdapter.class);
    private static final String PENDING = RecipientStatus.PENDING.name();
    /**
     * Due now, but a message a worker holds stays due at its lease's end: due earlier, another worker would claim
     * and deliver it a second time. Two parameters, both "now".
     */
    private static final String DUE_NOW_UNLESS_LEASED = "GREATEST(?, COALESCE(lease_until, ?))";

    /** Stores named in one statement at most, so that a chain's whole tree does not make one huge IN list. */
    private static final int MAX_STORES_PER_STATEMENT = 500;

    /** Attempts committed in one transaction at most; beyond that a statement gets unwieldy. */
    private static final int MAX_GROUP = 64;

    /** Held messages released in one transaction at most, so that a long hold ends in short transactions. */
    private static final int RELEASE_BATCH = 1000;

    /** How long outcomes recorded without waiting gather before they are committed together. */
    private static final Duration RECORD_LINGER = Duration.ofMillis(5);

    private final Database database;
    private final MessageInserts inserts;
    private final FinishedMessagePurge purge;
    // Workers that record at the same moment share a transaction and its log flush.
    private final GroupCommit<Record, Boolean> records;

    JdbcMessageQueueAdapter(Database database) {
        this.database = database;
        this.records = new GroupCommit<>(this::recordAll, MAX_GROUP, "delivery-recorder", RECORD_LINGER,
                failure -> Jdbc.readyToRunAgain(database, failure));
        this.inserts = new MessageInserts(database);
        this.purge = new FinishedMessagePurge(database);
    }

    @Override
    public MessageId enqueue(NewMessage message) {
        return inserts.insert(Objects.requireNonNull(message, "message"), null, null, id -> { });
    }

    @Override
    public MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil) {
        return enqueueClaimed(message, worker, leaseUntil, id -> { });
    }

    @Override
    public MessageId enqueueClaimed(NewMessage message, String worker, Instant leaseUntil, Consumer<MessageId> idKnown) {
        return inserts.insert(Objects.requireNonNull(message, "message"), Objects.requireNonNull(worker, "worker"),
                Objects.requireNonNull(leaseUntil, "leaseUntil"), Objects.requireNonNull(idKnown, "idKnown"));
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
                Jdbc.setInstant(select, 1, now);
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
                    "UPDATE messages SET lease_owner = ?, lease_until = ?, next_attempt_at = ? WHERE id IN " + Jdbc.placeholders(ids.size()))) {
                lease.setString(1, worker);
                Jdbc.setInstant(lease, 2, leaseUntil);
                Jdbc.setInstant(lease, 3, leaseUntil);
                Jdbc.bindIds(lease, 4, ids);
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
                        + "attempts, send_slot_at, message_id_header FROM messages WHERE id IN " + Jdbc.placeholders(ids.size()))) {
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
                            Jdbc.getInstant(rows, "received_at"), rows.getInt("attempts"),
                            Jdbc.getInstant(rows, "send_slot_at"), rows.getString("message_id_header")));
                }
            }
        }
        return ids.stream().map(claimed::get).toList();             // oldest due first, as claimed
    }

    @Override
    public boolean recordAttempt(DeliveryAttempt attempt, String worker) {
        return records.submit(new Record(attempt, worker));
    }

    @Override
    public CompletionStage<Boolean> recordAttemptLater(DeliveryAttempt attempt, String worker) {
        return records.submitLater(new Record(attempt, worker));
    }

    /**
     * An attempt, the worker that claims to hold the lease, and the message as the worker's thread names it in the
     * log: whichever thread commits the record names it so too.
     */
    private record Record(DeliveryAttempt attempt, String worker, LoggedMessage logged) {
        Record(DeliveryAttempt attempt, String worker) {
            this(Objects.requireNonNull(attempt, "attempt"), Objects.requireNonNull(worker, "worker"),
                    LoggedMessage.asNamedNow(attempt.id()));
        }
    }

    /**
     * Two round trips for a whole group: the messages and their recipients are read and locked, then every change and
     * the commit go to the server together.
     */
    private List<Boolean> recordAll(List<Record> records) {
        return Jdbc.withConnection(database, "record " + records.size() + " delivery attempt(s)",
                connection -> Jdbc.rolledBackIfItFails(connection, c -> recordAll(c, records)));
    }

    private static List<Boolean> recordAll(Connection connection, List<Record> records) throws SQLException {
        List<Long> ids = records.stream().map(r -> r.attempt().id().value()).sorted().distinct().toList();
        Map<Long, String> owners = new HashMap<>();
        Map<Long, StoredMessage> before = new HashMap<>();
        Map<Long, List<StoredRecipient>> recipients = new HashMap<>();
        // Locked until the commit, messages first like every writer of both tables: a retry or discard of one of
        // these messages waits for this record and then sees its outcome.
        try (PreparedStatement lock = connection.prepareStatement("START TRANSACTION;"
                + "SELECT id, lease_owner, store_id, status, attempts FROM messages WHERE id IN " + Jdbc.placeholders(ids.size()) + " ORDER BY id FOR UPDATE;"
                + "SELECT message_id, seq, address, status FROM message_recipients WHERE message_id IN " + Jdbc.placeholders(ids.size())
                + " ORDER BY message_id, seq FOR UPDATE")) {
            Jdbc.bindIds(lock, 1, ids);
            Jdbc.bindIds(lock, 1 + ids.size(), ids);
            int[] resultSets = {0};
            Jdbc.readResults(lock, rows -> {
                boolean messages = resultSets[0]++ == 0;
                while (rows.next()) {
                    if (messages) {
                        owners.put(rows.getLong(1), rows.getString(2));
                        before.put(rows.getLong(1), new StoredMessage(rows.getString(3), rows.getString(4), rows.getInt(5)));
                    } else {
                        recipients.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>())
                                .add(new StoredRecipient(rows.getInt(2), rows.getString(3), RecipientStatus.valueOf(rows.getString(4))));
                    }
                }
            });
        }
        List<Boolean> recorded = new ArrayList<>();
        List<DeliveryAttempt> kept = new ArrayList<>();
        List<Record> keptRecords = new ArrayList<>();
        for (Record record : records) {
            long id = record.attempt().id().value();
            // Only the lease holder records; a worker whose lease lapsed and was taken over is ignored.
            boolean holder = record.worker().equals(owners.remove(id));
            recorded.add(holder);
            if (holder) {
                kept.add(record.attempt());
                keptRecords.add(record);
            } else {
                logAbout(record, () -> LOG.info("The attempt on message {} was not recorded: {} no longer holds its lease",
                        id, record.worker()));
            }
        }
        if (kept.isEmpty()) {
            connection.rollback();
            return recorded;
        }
        StringJoiner changes = new StringJoiner(";");
        List<Object> parameters = new ArrayList<>();
        List<MessageStatus> outcomes = new ArrayList<>();
        StoreSummaries.Changes summaries = new StoreSummaries.Changes();
        for (DeliveryAttempt attempt : kept) {
            List<RecipientStatus> statuses = updateRecipients(attempt, recipients.getOrDefault(attempt.id().value(), List.of()),
                    changes, parameters);
            MessageStatus status = MessageStatus.of(statuses, attempt.held());
            outcomes.add(status);
            updateMessage(attempt, status, changes, parameters);
            StoredMessage stored = before.get(attempt.id().value());
            summaries.recorded(stored.store(), stored.status(), stored.attempts(), attempt, status);
        }
        changes.add("INSERT INTO delivery_attempts (message_id, at, counted, held, summary) VALUES "
                + String.join(", ", Collections.nCopies(kept.size(), "(?, ?, ?, ?, ?)")));
        for (DeliveryAttempt attempt : kept) {
            parameters.addAll(Arrays.asList(attempt.id().value(), attempt.at(), attempt.counts(), attempt.held(), attempt.summary()));
        }
        // Last, so the stores' rows are locked for the shortest time.
        summaries.addTo(changes, parameters);
        try (PreparedStatement write = connection.prepareStatement(changes + ";COMMIT")) {
            Jdbc.bindAll(write, parameters);
            Jdbc.readResults(write, rows -> { });
        }
        if (LOG.isInfoEnabled()) {
            for (int i = 0; i < keptRecords.size(); i++) {
                Record record = keptRecords.get(i);
                MessageStatus status = outcomes.get(i);
                logAbout(record, () -> LOG.info("Message {} {}", record.attempt().id(), outcome(record.attempt(), status)));
            }
        }
        return recorded;
    }

    /** A line about one record's message, named as its worker named it, whichever thread commits the record. */
    private static void logAbout(Record record, Runnable line) {
        MessageContextPort.Scope scope = record.logged().enter();
        try {
            line.run();
        } finally {
            scope.close();
        }
    }

    /**
     * What became of the message, with the upstream's reply codes (no reply texts: they may quote an address), e.g.
     * "deferred: next attempt at 2026-12-07T10:15:00Z (reply 451)".
     */
    private static String outcome(DeliveryAttempt attempt, MessageStatus status) {
        Set<String> codes = new TreeSet<>();
        for (RecipientOutcome o : attempt.outcomes()) {
            codes.add(o.reply().code() == UpstreamReply.NO_REPLY ? "none" : Integer.toString(o.reply().code()));
        }
        String replies = " (" + (codes.size() == 1 ? "reply " : "replies ") + String.join(", ", codes) + ")";
        if (status == MessageStatus.QUEUED) {
            return (attempt.counts() ? "deferred" : "waits for its send slot") + ": next attempt at " + attempt.nextAttemptAt()
                    + (attempt.counts() ? replies : "");
        }
        if (status == MessageStatus.HELD) {
            return "held: no SMTP server for its store, until " + attempt.nextAttemptAt();
        }
        return status.name().toLowerCase(Locale.ROOT) + (attempt.counts() ? replies : "");
    }

    /** A message row as it is before the attempt is recorded. */
    private record StoredMessage(String store, String status, int attempts) {
    }

    /** A recipient row as it is before the attempt is recorded. */
    private record StoredRecipient(int seq, String address, RecipientStatus status) {
    }

    /**
     * Adds the updates of the recipients the attempt settles: only pending ones change, so a recipient already
     * delivered or failed keeps its outcome. Returns every recipient's status after the attempt.
     */
    private static List<RecipientStatus> updateRecipients(DeliveryAttempt attempt, List<StoredRecipient> stored,
                                                          StringJoiner changes, List<Object> parameters) {
        Map<String, RecipientOutcome> outcomes = new HashMap<>();
        for (RecipientOutcome outcome : attempt.outcomes()) {
            outcomes.putIfAbsent(outcome.recipient().value(), outcome);
        }
        List<RecipientStatus> statuses = new ArrayList<>(stored.size());
        for (StoredRecipient recipient : stored) {
            RecipientOutcome outcome = outcomes.get(recipient.address());
            if (recipient.status() != RecipientStatus.PENDING || outcome == null) {
                statuses.add(recipient.status());
                continue;
            }
            statuses.add(outcome.status());
            changes.add("UPDATE message_recipients SET status = ?, last_reply = ?, updated_at = ? WHERE message_id = ? AND seq = ?");
            parameters.addAll(Arrays.asList(outcome.status().name(), outcome.reply().toString(), attempt.at(),
                    attempt.id().value(), recipient.seq()));
        }
        return statuses;
    }

    private static void updateMessage(DeliveryAttempt attempt, MessageStatus status, StringJoiner changes,
                                      List<Object> parameters) {
        Instant next = status == MessageStatus.QUEUED || status == MessageStatus.HELD
                // pending recipients the attempt did not mention must not be stranded without a due time
                ? (attempt.nextAttemptAt() != null ? attempt.nextAttemptAt() : attempt.at())
                : null;
        // sent_as keeps the address of the last attempt that asked an upstream: a hold or deferral sends nothing.
        changes.add("UPDATE messages SET attempts = attempts + ?, last_attempt_at = ?, last_error = ?, next_attempt_at = ?, "
                + "held = ?, status = ?, send_slot_at = ?, sent_as = COALESCE(?, sent_as), lease_owner = NULL, "
                + "lease_until = NULL WHERE id = ?");
        // A delivered message has no error; its summary stays in the attempt history.
        parameters.addAll(Arrays.asList(attempt.counts() ? 1 : 0, attempt.at(),
                status == MessageStatus.DELIVERED ? null : attempt.summary(), next, status == MessageStatus.HELD,
                status.name(), attempt.sendSlot(), attempt.sentAs() == null ? null : attempt.sentAs().value(),
                attempt.id().value()));
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
        // A leased message's due time is its lease's end, so the earliest due time is one index look-up.
        return Jdbc.withConnection(database, "find the next due message", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT MIN(next_attempt_at) AS due FROM messages");
                 ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(Jdbc.getInstant(rows, "due")) : Optional.empty();
            }
        });
    }

    @Override
    public int releaseHeld(Instant now) {
        int released = 0;
        for (int batch; (batch = releaseHeldBatch(now)) > 0; ) {
            released += batch;
            if (batch < RELEASE_BATCH) {
                break;
            }
        }
        return released;
    }

    /**
     * Releases up to {@link #RELEASE_BATCH} held messages in one transaction and counts their stores' waiting mail
     * again. The rows are locked first and changed by id, so the stores counted are exactly those whose mail moved.
     */
    private int releaseHeldBatch(Instant now) {
        return Jdbc.inTransaction(database, "release held messages", connection -> {
            List<Long> ids = new ArrayList<>();
            Set<String> stores = new HashSet<>();
            // status HELD goes with held (updateMessage): the status index finds them
            try (PreparedStatement select = connection.prepareStatement("SELECT id, store_id FROM messages "
                    + "WHERE status = ? AND held = TRUE AND next_attempt_at IS NOT NULL ORDER BY id LIMIT ? FOR UPDATE")) {
                select.setString(1, MessageStatus.HELD.name());
                select.setInt(2, RELEASE_BATCH);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                        stores.add(rows.getString(2));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET held = FALSE, status = ?, next_attempt_at = " + DUE_NOW_UNLESS_LEASED
                            + " WHERE id IN " + Jdbc.placeholders(ids.size()))) {
                update.setString(1, MessageStatus.QUEUED.name());
                Jdbc.setInstant(update, 2, now);
                Jdbc.setInstant(update, 3, now);
                Jdbc.bindIds(update, 4, ids);
                update.executeUpdate();
            }
            StoreSummaries.recount(connection, stores);
            return ids.size();
        });
    }

    @Override
    public int retryDeferred(Set<UnitId> stores, Instant now) {
        List<String> ids = stores.stream().map(UnitId::value).sorted().toList();
        int retried = 0;
        for (int from = 0; from < ids.size(); from += MAX_STORES_PER_STATEMENT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_STORES_PER_STATEMENT));
            retried += Jdbc.withConnection(database, "retry the deferred mail of " + chunk.size() + " store(s)", connection -> {
                // idx_messages_status finds the queued messages. A leased one is left out, not merely kept at its
                // lease's end: the driver counts the rows a statement matches, and only moved ones are retried.
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE messages SET next_attempt_at = ? WHERE status = ? AND held = FALSE AND next_attempt_at > ?"
                                + " AND (lease_until IS NULL OR lease_until <= ?) AND store_id IN " + Jdbc.placeholders(chunk.size()))) {
                    Jdbc.setInstant(update, 1, now);
                    update.setString(2, MessageStatus.QUEUED.name());
                    Jdbc.setInstant(update, 3, now);
                    Jdbc.setInstant(update, 4, now);
                    for (int i = 0; i < chunk.size(); i++) {
                        update.setString(5 + i, chunk.get(i));
                    }
                    return update.executeUpdate();
                }
            });
        }
        return retried;
    }

    @Override
    public Set<UnitId> storesWithHeldMail() {
        return Jdbc.withConnection(database, "find the stores with held mail", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT store_id FROM messages WHERE status = ? AND held = TRUE")) {
                select.setString(1, MessageStatus.HELD.name());
                Set<UnitId> stores = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        stores.add(UnitId.of(rows.getString(1)));
                    }
                }
                return stores;
            }
        });
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
                update.setString(1, PENDING);
                Jdbc.setInstant(update, 2, now);
                update.setLong(3, id.value());
                update.setString(4, RecipientStatus.DELIVERED.name());
                update.executeUpdate();
            }
            if (!hasPendingRecipient(connection, id.value())) {
                return false;                                        // unknown, or every recipient delivered
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET status = ?, held = FALSE, next_attempt_at = " + DUE_NOW_UNLESS_LEASED + " WHERE id = ?")) {
                update.setString(1, MessageStatus.QUEUED.name());
                Jdbc.setInstant(update, 2, now);
                Jdbc.setInstant(update, 3, now);
                update.setLong(4, id.value());
                update.executeUpdate();
            }
            StoreSummaries.recount(connection, List.of(store));
            return true;
        });
    }

    @Override
    public int deleteFinishedBefore(Instant before) {
        return purge.deleteFinishedBefore(before);
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
                    Instant leaseUntil = Jdbc.getInstant(rows, "lease_until");
                    if (leaseUntil != null && leaseUntil.isAfter(now)) {
                        return false;                                // an attempt is under way
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE message_recipients SET status = ?, last_reply = ?, updated_at = ? WHERE message_id = ? AND status = ?")) {
                update.setString(1, RecipientStatus.FAILED.name());
                update.setString(2, DISCARDED_REPLY);
                Jdbc.setInstant(update, 3, now);
                update.setLong(4, id.value());
                update.setString(5, PENDING);
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
            select.setString(2, PENDING);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    public List<MessageView> findMessages(MessageQuery query) {
        return Jdbc.withHandle(database, "read the delivery log", handle -> MessageViews.find(handle, query));
    }

    @Override
    public Map<MessageStatus, Long> countByStatus(UnitId store) {
        return Jdbc.withHandle(database, "count messages by status", handle -> MessageViews.countByStatus(handle, store));
    }

    @Override
    public QueueStatistics loadQueueStatistics() {
        return Jdbc.withHandle(database, "count queued and held messages", MessageViews::queueStatistics);
    }

    @Override
    public Optional<MessageView> findMessage(MessageId id) {
        return Jdbc.withHandle(database, "read message " + id, handle -> MessageViews.find(handle, id));
    }

    @Override
    public List<AttemptView> findAttempts(MessageId id) {
        return Jdbc.withHandle(database, "read the attempts of message " + id, handle -> handle
                .createQuery("SELECT at, counted, held, summary FROM delivery_attempts WHERE message_id = ? ORDER BY id")
                .bind(0, id.value())
                .map((rows, context) -> new AttemptView(Jdbc.getInstant(rows, "at"), rows.getBoolean("counted"),
                        rows.getBoolean("held"), rows.getString("summary")))
                .list());
    }
}
