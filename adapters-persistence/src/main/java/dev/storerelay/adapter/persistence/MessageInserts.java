package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;

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
    private static final String PENDING = RecipientStatus.PENDING.name();
    /** Messages committed in one transaction at most; beyond that a statement gets unwieldy. */
    private static final int MAX_GROUP = 64;
    /** Messages up to this size are committed in groups; 64 of them stay below MariaDB's default 16 MiB packet. */
    private static final long MAX_GROUPED_SIZE = 128 * 1024;
    private static final int TOKEN_BYTES = 16;

    private final Database database;
    private final GroupCommit<Enqueue, MessageId> enqueues;
    /** Runs after each write has committed; for tests, which lose the commit's answer here. */
    private final SqlHook afterCommit;
    /** Whether one multi-row INSERT gets consecutive ids; null until read, and again after a failed group. */
    private volatile Boolean consecutiveIds;

    /** Something run on a connection that may fail as the connection can. */
    @FunctionalInterface
    interface SqlHook {
        void run(Connection connection) throws SQLException;
    }

    MessageInserts(Database database) {
        this(database, connection -> { });
    }

    MessageInserts(Database database, SqlHook afterCommit) {
        this.database = database;
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
     * A message to queue, leased to {@code leaseOwner} until {@code leaseUntil} when both are given. Its
     * {@code idKnown} is taken when told, so a batch written again (alone, after a failure) does not tell it twice.
     */
    private record Enqueue(NewMessage message, String leaseOwner, Instant leaseUntil,
                           AtomicReference<Consumer<MessageId>> idKnown, byte[] token, AtomicBoolean writtenBefore) {

        Enqueue(NewMessage message, String leaseOwner, Instant leaseUntil, AtomicReference<Consumer<MessageId>> idKnown) {
            this(message, leaseOwner, leaseUntil, idKnown, newToken(), new AtomicBoolean());
        }

        /** Random, not secret: it only tells this submission from others. */
        private static byte[] newToken() {
            return ByteBuffer.allocate(TOKEN_BYTES).putLong(ThreadLocalRandom.current().nextLong())
                    .putLong(ThreadLocalRandom.current().nextLong()).array();
        }

        void tell(long id) {
            Consumer<MessageId> told = idKnown.getAndSet(null);
            if (told != null) {
                try {
                    told.accept(new MessageId(id));
                } catch (RuntimeException e) {
                    // The caller's business; the insert goes on and the caller still gets the committed id. Named
                    // as its own message: the thread may be writing another session's group.
                    MessageContextPort.Scope scope = new LoggedMessage(Long.toString(id), message.store().value(),
                            message.messageIdHeader()).enter();
                    try {
                        LOG.warn("could not pass on the id of message {} before its commit", id, e);
                    } finally {
                        scope.close();
                    }
                }
            }
        }
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
        try (OpenedContents opened = new OpenedContents()) {
            StoreSummaries.Statement counted = countQueued(items);
            SqlScripts.committedInOneRoundTrip(connection, insertStatements(items, grouped, counted), statement -> {
                bindInserts(statement, items, grouped, counted, opened);
                statement.setFetchSize(1);          // streamed: each id is read as it arrives, before the commit
            }, rows -> {
                for (long id : generatedIds(rows)) {
                    if (ids.size() < items.size()) {
                        items.get(ids.size()).tell(id);
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
        try (OpenedContents opened = new OpenedContents();
             PreparedStatement insert = connection.prepareStatement(insertStatements(List.of(item), true, null))) {
            bindInserts(insert, List.of(item), true, null, opened);
            SqlScripts.readResults(insert, rows -> ids.addAll(generatedIds(rows)));
            NewMessage message = item.message();
            if (message.content().size() > MessageChunks.CHUNK_SIZE) {
                try (InputStream content = message.content().open()) {
                    MessageChunks.write(connection, ids.get(0), content);
                }
            }
            // After the chunks, so the store's summary row is not locked while they are written.
            StoreSummaries.Statement counted = countQueued(List.of(item));
            try (PreparedStatement count = connection.prepareStatement(counted.sql())) {
                SqlValues.bindAll(count, counted.parameters());
                count.executeUpdate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the content of the message to queue", e);
        }
        return new MessageId(ids.get(0));
    }

    private static final String MESSAGE_COLUMNS = "store_id, routing_reason, routing_explanation, envelope_sender, "
            + "from_display_name, client_name, client_address, received_at, size, content, status, held, next_attempt_at, "
            + "attempts, lease_owner, lease_until, message_id_header, subject, submission_token";
    private static final String MESSAGE_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, 0, ?, ?, ?, ?, ?)";

    /**
     * The rows of the messages, which return their generated ids in order, and those of their recipients. Grouped: one
     * statement for all messages and one for all recipients, a message's id being the first one's plus its place times
     * the increment. Otherwise the two statements per message, its recipients referring to {@code LAST_INSERT_ID()}.
     * {@code counted}: the statement that counts them in their stores' summary rows, last; {@code null} for none.
     */
    private static String insertStatements(List<Enqueue> items, boolean grouped, StoreSummaries.Statement counted) {
        StringJoiner statements = new StringJoiner(";");
        if (grouped) {
            statements.add(insertMessages(items.size()));
            statements.add(insertRecipients(items, place -> place == 0 ? "LAST_INSERT_ID()"
                    : "LAST_INSERT_ID() + " + place + " * @@auto_increment_increment"));
        } else {
            for (Enqueue item : items) {
                statements.add(insertMessages(1));
                statements.add(insertRecipients(List.of(item), place -> "LAST_INSERT_ID()"));
            }
        }
        if (counted != null) {
            // Last, so the stores' summary rows are locked for the shortest time.
            statements.add(counted.sql());
        }
        return statements.toString();
    }

    private static StoreSummaries.Statement countQueued(List<Enqueue> items) {
        return StoreSummaries.countQueued(items.stream().map(item -> item.message().store().value()).toList());
    }

    /** The recipients' rows of {@code items}, each referring to its message by the id expression for its place. */
    private static String insertRecipients(List<Enqueue> items, IntFunction<String> messageIdAt) {
        StringJoiner rows = new StringJoiner(", ");
        for (int place = 0; place < items.size(); place++) {
            String messageId = messageIdAt.apply(place);
            for (int r = 0; r < items.get(place).message().recipients().size(); r++) {
                rows.add("(" + messageId + ", ?, ?, ?, ?)");
            }
        }
        return "INSERT INTO message_recipients (message_id, seq, address, status, updated_at) VALUES " + rows;
    }

    private static String insertMessages(int count) {
        return "INSERT INTO messages (" + MESSAGE_COLUMNS + ") VALUES " + String.join(", ", Collections.nCopies(count, MESSAGE_VALUES))
                + " RETURNING id";
    }

    /** Binds the values in the order of {@link #insertStatements}: all messages, then all recipients, when grouped. */
    private static void bindInserts(PreparedStatement insert, List<Enqueue> items, boolean grouped,
                                    StoreSummaries.Statement counted, OpenedContents opened) throws SQLException {
        int index = 1;
        for (Enqueue item : items) {
            index = bindMessage(insert, index, item, opened);
            if (!grouped) {
                index = bindRecipients(insert, index, item.message());
            }
        }
        if (grouped) {
            for (Enqueue item : items) {
                index = bindRecipients(insert, index, item.message());
            }
        }
        if (counted != null) {
            for (Object parameter : counted.parameters()) {
                insert.setObject(index++, parameter);
            }
        }
    }

    private static int bindMessage(PreparedStatement insert, int firstIndex, Enqueue item, OpenedContents opened)
            throws SQLException {
        int index = firstIndex;
        NewMessage message = item.message();
        insert.setString(index++, message.store().value());
        insert.setString(index++, message.routingReason().name());
        insert.setString(index++, message.routingExplanation());
        SqlValues.setNullableString(insert, index++, message.envelopeSender() == null ? null : message.envelopeSender().value());
        SqlValues.setNullableString(insert, index++, message.fromDisplayName());
        insert.setString(index++, message.clientName());
        insert.setString(index++, message.clientAddress());
        SqlValues.setInstant(insert, index++, message.receivedAt());
        insert.setLong(index++, message.content().size());
        if (message.content().size() <= MessageChunks.CHUNK_SIZE) {
            insert.setBinaryStream(index++, opened.open(message.content()), message.content().size());
        } else {
            insert.setNull(index++, java.sql.Types.BLOB);
        }
        insert.setString(index++, MessageStatus.QUEUED.name());
        // All recipients pending: due now, or at the lease's end when a worker takes it at once.
        SqlValues.setInstant(insert, index++, item.leaseUntil() != null ? item.leaseUntil() : message.receivedAt());
        SqlValues.setNullableString(insert, index++, item.leaseOwner());
        SqlValues.setInstant(insert, index++, item.leaseUntil());
        SqlValues.setNullableString(insert, index++, message.messageIdHeader());
        SqlValues.setNullableString(insert, index++, message.subject());
        insert.setBytes(index++, item.token());
        return index;
    }

    private static int bindRecipients(PreparedStatement insert, int firstIndex, NewMessage message) throws SQLException {
        int index = firstIndex;
        int seq = 0;
        for (EmailAddress recipient : message.recipients()) {
            insert.setInt(index++, seq++);
            insert.setString(index++, recipient.value());
            insert.setString(index++, PENDING);
            SqlValues.setInstant(insert, index++, message.receivedAt());
        }
        return index;
    }

    private static List<Long> generatedIds(ResultSet rows) throws SQLException {
        List<Long> ids = new ArrayList<>();
        while (rows.next()) {
            ids.add(rows.getLong(1));
        }
        return ids;
    }

    /** The content streams bound to an insert, closed once it has run. */
    private static final class OpenedContents implements AutoCloseable {
        private final List<InputStream> streams = new ArrayList<>();

        InputStream open(MessageContent content) throws SQLException {
            try {
                InputStream stream = content.open();
                streams.add(stream);
                return stream;
            } catch (IOException e) {
                throw new SQLException("cannot read the content of the message to queue", e);
            }
        }

        @Override
        public void close() {
            for (InputStream stream : streams) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // a spool file or byte array: nothing to lose
                }
            }
        }
    }
}
