package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.out.MessageContextPort;

import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.NewMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Writes new messages with their recipients (and, past one chunk, their content in {@code message_chunks}). Sessions
 * that commit at the same moment share a transaction and its log flush; a large message has a transaction of its own.
 *
 * <p>A small message's id is told to its caller's {@code idKnown} as soon as the server returns it, while the commit
 * (the log flush, most of the time) still runs: the server answers each statement of the batch as it finishes it,
 * and the driver hands each answer over as it arrives once the result is streamed (a fetch size is set).
 *
 * <p>A group's messages go in with one multi-row {@code INSERT} and their recipients with another, which refer to the
 * messages' ids as {@code LAST_INSERT_ID()} (the group's first) plus their place in the group times
 * {@code auto_increment_increment}: InnoDB gives the rows of one such statement consecutive ids unless
 * {@code innodb_autoinc_lock_mode} is 2 (interleaved, e.g. under Galera), which is checked; then each message has a
 * statement pair of its own. A statement per message made the server answer, and the waiting thread wake, once per
 * message; at concurrency 50 that was one thread switch per message more in the relay and an eighth more of
 * MariaDB's CPU time per message.
 *
 * <p>Plain JDBC, not Jdbi: a group is one multi-statement script whose ids are read as they stream in, before its
 * commit, which Jdbi's one-statement-per-call API cannot express.
 */
final class MessageInserts {
    private static final Logger LOG = LoggerFactory.getLogger(MessageInserts.class);
    /** Messages committed in one transaction at most; beyond that a statement gets unwieldy. */
    private static final int MAX_GROUP = 64;
    /** Messages up to this size are committed in groups; 64 of them stay below MariaDB's default 16 MiB packet. */
    private static final long MAX_GROUPED_SIZE = 128 * 1024;

    private final Database database;
    private final GroupCommit<Enqueue, MessageId> enqueues;
    /** Runs after each write has committed; for tests, which lose the commit's answer here. */
    private final SqlHook afterCommit;
    /** Whether one multi-row INSERT gets consecutive ids; null until read, and again after a failed group. */
    private volatile Boolean consecutiveIds;
    private final MessageContextPort context;

    /** Something run on a connection that may fail as the connection can. */
    @FunctionalInterface
    interface SqlHook {
        SqlHook NONE = connection -> { };

        void run(Connection connection) throws SQLException;
    }

    /**
     * @param context     names a message on the writing thread when a line about it is logged there
     * @param afterCommit runs after each group's commit, on its connection ({@link SqlHook#NONE} but in tests that
     *                    lose the connection there)
     */
    MessageInserts(Database database, MessageContextPort context, SqlHook afterCommit) {
        this.database = database;
        this.context = context;
        this.afterCommit = afterCommit;
        this.enqueues = new GroupCommit<>(this::insertAll, MAX_GROUP, failure -> {
            consecutiveIds = null;                      // the server may have been restarted with another setting
            return SqlFailures.readyToRunAgain(database, failure);
        });
    }

    /**
     * Queues the message, leased to {@code leaseOwner} until {@code leaseUntil} when both are given; returns its id
     * once committed. {@code idKnown} may be told the id before that, once at most (see the port).
     */
    MessageId insert(NewMessage message, String leaseOwner, Instant leaseUntil, Consumer<MessageId> idKnown) {
        Enqueue item = new Enqueue(message, leaseOwner, leaseUntil, new AtomicReference<>(idKnown));
        if (item.message().content().size() > MAX_GROUPED_SIZE) {
            // In a transaction of its own (past a chunk, written chunk by chunk): a large message never holds up the
            // small ones, and a group's statement stays far below the server's max_allowed_packet.
            return Jdbc.inTransactionOnceMoreIfWorthIt(database, "queue a message for store " + item.message().store(),
                    connection -> insertAlone(connection, item));
        }
        return enqueues.submit(item);
    }

    /**
     * Small messages: every row of the group and the commit in one round trip. Items written before (a batch whose
     * answer was lost) are first looked for by their tokens: found, they were committed then, and are not written again.
     */
    private List<MessageId> insertAll(List<Enqueue> items) {
        return Jdbc.withConnection(database, "queue " + items.size() + " message(s)", connection -> {
            Map<Enqueue, MessageId> committed = committedBefore(connection, items);
            List<Enqueue> toWrite = committed.isEmpty() ? items
                    : items.stream().filter(item -> !committed.containsKey(item)).toList();
            toWrite.forEach(item -> item.writtenBefore().set(true));
            List<MessageId> written = toWrite.isEmpty() ? List.of()
                    : writeGroup(connection, toWrite, toWrite.size() == 1 || consecutiveIds(connection));
            afterCommit.run(connection);
            if (committed.isEmpty()) {
                return written;
            }
            List<MessageId> ids = new ArrayList<>(items.size());
            Iterator<MessageId> next = written.iterator();
            for (Enqueue item : items) {
                ids.add(committed.containsKey(item) ? committed.get(item) : next.next());
            }
            return ids;
        });
    }

    /** Of the items written before, those whose rows exist, with their ids; logged, as it follows a lost answer. */
    private static Map<Enqueue, MessageId> committedBefore(Connection connection, List<Enqueue> items) throws SQLException {
        List<Enqueue> writtenBefore = items.stream().filter(item -> item.writtenBefore().get()).toList();
        if (writtenBefore.isEmpty()) {
            return Map.of();
        }
        Map<ByteBuffer, Enqueue> byToken = new HashMap<>();
        writtenBefore.forEach(item -> byToken.put(ByteBuffer.wrap(item.token()), item));
        Map<Enqueue, MessageId> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, submission_token FROM messages "
                + "WHERE submission_token IN " + SqlValues.placeholders(writtenBefore.size()))) {
            for (int i = 0; i < writtenBefore.size(); i++) {
                select.setBytes(i + 1, writtenBefore.get(i).token());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Enqueue item = byToken.get(ByteBuffer.wrap(rows.getBytes(2)));
                    if (item != null) {
                        found.put(item, new MessageId(rows.getLong(1)));
                    }
                }
            }
        }
        for (Map.Entry<Enqueue, MessageId> item : found.entrySet()) {
            LOG.info("Message {} was committed although the answer to its commit was lost; it is not queued again",
                    item.getValue());
        }
        return found;
    }

    /** Writes the messages in one transaction, as a group commit does, grouped or each with its own statements; for tests. */
    List<MessageId> insertTogether(Connection connection, List<NewMessage> messages, boolean grouped) throws SQLException {
        return writeGroup(connection, messages.stream().map(m -> new Enqueue(m, null, null, new AtomicReference<>())).toList(),
                grouped);
    }

    private List<MessageId> writeGroup(Connection connection, List<Enqueue> items, boolean grouped) throws SQLException {
        List<Long> ids = new ArrayList<>(items.size());
        try (InsertStatements.OpenedContents opened = new InsertStatements.OpenedContents()) {
            StoreSummaries.Statement counted = InsertStatements.countQueued(items);
            SqlScripts.committedInOneRoundTrip(connection, InsertStatements.sql(items, grouped, counted), statement -> {
                InsertStatements.bind(statement, items, grouped, counted, opened);
                statement.setFetchSize(1);          // streamed: each id is read as it arrives, before the commit
            }, rows -> {
                for (long id : InsertStatements.generatedIds(rows)) {
                    if (ids.size() < items.size()) {
                        items.get(ids.size()).tell(id, context);
                    }
                    ids.add(id);
                }
            });
        }
        if (ids.size() != items.size()) {
            throw new SQLException("expected " + items.size() + " generated ids, got " + ids.size());
        }
        if (grouped && !evenlySpaced(ids)) {
            // Cannot happen while innodb_autoinc_lock_mode < 2 (checked); committed already, so it is told loudly.
            consecutiveIds = false;
            LOG.error("the ids of one multi-row INSERT were not evenly spaced ({}); their recipients may belong to other "
                    + "messages. New messages are written with a statement each from now on", ids);
        }
        return ids.stream().map(MessageId::new).toList();
    }

    private static boolean evenlySpaced(List<Long> ids) {
        for (int i = 2; i < ids.size(); i++) {
            if (ids.get(i) - ids.get(i - 1) != ids.get(1) - ids.get(0)) {
                return false;
            }
        }
        return ids.size() < 2 || ids.get(1) > ids.get(0);
    }

    /** Whether this server gives the rows of one multi-row INSERT consecutive ids; read once, per process. */
    boolean consecutiveIds(Connection connection) throws SQLException {
        Boolean known = consecutiveIds;
        if (known == null) {
            try (PreparedStatement select = connection.prepareStatement("SELECT @@innodb_autoinc_lock_mode");
                 ResultSet row = select.executeQuery()) {
                known = row.next() && row.getInt(1) < 2;
            }
            if (!known) {
                LOG.info("innodb_autoinc_lock_mode is 2: new messages are written with a statement each");
            }
            consecutiveIds = known;
        }
        return known;
    }

    /** A large message in the caller's transaction: past one chunk, its content goes into message_chunks. */
    private static MessageId insertAlone(Connection connection, Enqueue item) throws SQLException {
        MessageId committed = committedBefore(connection, List.of(item)).get(item);
        if (committed != null) {
            return committed;
        }
        item.writtenBefore().set(true);
        List<Long> ids = new ArrayList<>(1);
        try (InsertStatements.OpenedContents opened = new InsertStatements.OpenedContents();
             PreparedStatement insert = connection.prepareStatement(InsertStatements.sql(List.of(item), true, null))) {
            InsertStatements.bind(insert, List.of(item), true, null, opened);
            SqlScripts.readResults(insert, rows -> ids.addAll(InsertStatements.generatedIds(rows)));
            NewMessage message = item.message();
            if (message.content().size() > MessageChunks.CHUNK_SIZE) {
                try (InputStream content = message.content().open()) {
                    MessageChunks.write(connection, ids.get(0), content);
                }
            }
            // After the chunks, so the store's summary row is not locked while they are written.
            StoreSummaries.Statement counted = InsertStatements.countQueued(List.of(item));
            try (PreparedStatement count = connection.prepareStatement(counted.sql())) {
                SqlValues.bindAll(count, counted.parameters());
                count.executeUpdate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the content of the message to queue", e);
        }
        return new MessageId(ids.get(0));
    }
}
