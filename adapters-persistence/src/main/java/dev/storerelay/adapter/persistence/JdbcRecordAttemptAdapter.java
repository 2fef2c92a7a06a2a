package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.DeliveryAttempt;
import dev.storerelay.application.port.out.DeliveryAttempt.RecipientOutcome;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import dev.storerelay.domain.model.UpstreamReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Records delivery attempts under the lease of the worker that made them. Workers that record at the same moment
 * share a transaction and its log flush ({@link GroupCommit}), and so does a group the delivery runtime's recorder
 * gathered; a group takes two round trips, as plain JDBC scripts.
 */
final class JdbcRecordAttemptAdapter implements RecordAttemptPort {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRecordAttemptAdapter.class);

    /** Attempts committed in one transaction at most; beyond that a statement gets unwieldy. */
    private static final int MAX_GROUP = 64;

    private final Database database;
    private final MessageContextPort context;
    // Workers that record at the same moment share a transaction and its log flush.
    private final GroupCommit<Record, Boolean> records;

    /** @param context names a message on the writing thread when a line about it is logged there */
    JdbcRecordAttemptAdapter(Database database, MessageContextPort context) {
        this.database = database;
        this.context = context;
        this.records = new GroupCommit<>(this::recordAll, MAX_GROUP,
                failure -> SqlFailures.readyToRunAgain(database, failure));
    }

    @Override
    public boolean recordAttempt(DeliveryAttempt attempt, String worker) {
        return records.submit(new Record(Objects.requireNonNull(attempt, "attempt"),
                Objects.requireNonNull(worker, "worker"), context.current()));
    }

    @Override
    public List<CompletableFuture<Boolean>> recordAttempts(List<LeasedAttempt> attempts) {
        return records.writeAll(attempts.stream()
                .map(a -> new Record(a.attempt(), a.worker(), a.naming()))
                .toList());
    }

    /**
     * An attempt, the worker that claims to hold the lease, and how to name its message in the log: whichever
     * thread commits the record names it as the worker's thread did.
     */
    private record Record(DeliveryAttempt attempt, String worker, Supplier<MessageContextPort.Scope> naming) {
    }

    /**
     * Two round trips for a whole group: the messages and their recipients are read and locked, then every change and
     * the commit go to the server together.
     */
    private List<Boolean> recordAll(List<Record> records) {
        return Jdbc.withConnection(database, "record " + records.size() + " delivery attempt(s)",
                connection -> SqlScripts.rolledBackIfItFails(connection, c -> recordAll(c, records)));
    }

    private static List<Boolean> recordAll(Connection connection, List<Record> records) throws SQLException {
        List<Long> ids = records.stream().map(r -> r.attempt().id().value()).sorted().distinct().toList();
        Map<Long, String> owners = new HashMap<>();
        Map<Long, StoredMessage> before = new HashMap<>();
        Map<Long, List<AttemptUpdates.StoredRecipient>> recipients = new HashMap<>();
        // Locked until the commit, messages first like every writer of both tables: a retry or discard of one of
        // these messages waits for this record and then sees its outcome.
        try (PreparedStatement lock = connection.prepareStatement("START TRANSACTION;"
                + "SELECT id, lease_owner, store_id, status, attempts FROM messages WHERE id IN " + SqlValues.placeholders(ids.size()) + " ORDER BY id FOR UPDATE;"
                + "SELECT message_id, seq, address, status FROM message_recipients WHERE message_id IN " + SqlValues.placeholders(ids.size())
                + " ORDER BY message_id, seq FOR UPDATE")) {
            SqlValues.bindIds(lock, 1, ids);
            SqlValues.bindIds(lock, 1 + ids.size(), ids);
            int[] resultSets = {0};
            SqlScripts.readResults(lock, rows -> {
                boolean messages = resultSets[0]++ == 0;
                while (rows.next()) {
                    if (messages) {
                        owners.put(rows.getLong(1), rows.getString(2));
                        before.put(rows.getLong(1), new StoredMessage(rows.getString(3), rows.getString(4), rows.getInt(5)));
                    } else {
                        recipients.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>())
                                .add(new AttemptUpdates.StoredRecipient(rows.getInt(2), rows.getString(3), RecipientStatus.valueOf(rows.getString(4))));
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
            List<RecipientStatus> statuses = AttemptUpdates.updateRecipients(attempt, recipients.getOrDefault(attempt.id().value(), List.of()),
                    changes, parameters);
            MessageStatus status = MessageStatus.of(statuses, attempt.held());
            outcomes.add(status);
            AttemptUpdates.updateMessage(attempt, status, changes, parameters);
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
            SqlValues.bindAll(write, parameters);
            SqlScripts.readResults(write, rows -> { });
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
        MessageContextPort.Scope scope = record.naming().get();
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
}
