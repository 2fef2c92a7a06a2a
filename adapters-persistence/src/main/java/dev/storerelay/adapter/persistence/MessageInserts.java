package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.MessageId;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;
import dev.storerelay.domain.model.RecipientStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Writes new messages with their recipients (and, past one chunk, their content in {@code message_chunks}). Sessions
 * that commit at the same moment share a transaction and its log flush; a large message has a transaction of its own.
 *
 * <p>A small message's id is told to its caller's {@code idKnown} as soon as the server returns it, while the commit
 * (the log flush, most of the time) still runs: the server answers each statement of the batch as it finishes it,
 * and the driver hands each answer over as it arrives once the result is streamed (a fetch size is set).
 */
final class MessageInserts {
    private static final Logger LOG = LoggerFactory.getLogger(MessageInserts.class);
    private static final String PENDING = RecipientStatus.PENDING.name();
    /** Messages committed in one transaction at most; beyond that a statement gets unwieldy. */
    private static final int MAX_GROUP = 64;
    /** Messages up to this size are committed in groups; 64 of them stay below MariaDB's default 16 MiB packet. */
    private static final long MAX_GROUPED_SIZE = 128 * 1024;

    private final Database database;
    private final GroupCommit<Enqueue, MessageId> enqueues;

    MessageInserts(Database database) {
        this.database = database;
        this.enqueues = new GroupCommit<>(this::insertAll, MAX_GROUP, failure -> Jdbc.reconnectIfLost(database, failure));
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
            return Jdbc.inTransactionOnceMoreIfLost(database, "queue a message for store " + item.message().store(),
                    connection -> insertAlone(connection, item));
        }
        return enqueues.submit(item);
    }

    /**
     * A message to queue, leased to {@code leaseOwner} until {@code leaseUntil} when both are given. Its
     * {@code idKnown} is taken when told, so a batch written again (alone, after a failure) does not tell it twice.
     */
    private record Enqueue(NewMessage message, String leaseOwner, Instant leaseUntil,
                           AtomicReference<Consumer<MessageId>> idKnown) {
        void tell(long id) {
            Consumer<MessageId> told = idKnown.getAndSet(null);
            if (told != null) {
                try {
                    told.accept(new MessageId(id));
                } catch (RuntimeException e) {
                    // The caller's business; the insert goes on and the caller still gets the committed id.
                    LOG.warn("could not pass on the id of message {} before its commit", id, e);
                }
            }
        }
    }

    /** Small messages: every row of the group and the commit in one round trip. */
    private List<MessageId> insertAll(List<Enqueue> items) {
        return Jdbc.withConnection(database, "queue " + items.size() + " message(s)", connection -> {
            List<Long> ids = new ArrayList<>(items.size());
            try (OpenedContents opened = new OpenedContents()) {
                Jdbc.committedInOneRoundTrip(connection, insertStatements(items), statement -> {
                    bindInserts(statement, 1, items, opened);
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
            return ids.stream().map(MessageId::new).toList();
        });
    }

    /** A large message in the caller's transaction: past one chunk, its content goes into message_chunks. */
    private static MessageId insertAlone(Connection connection, Enqueue item) throws SQLException {
        List<Long> ids = new ArrayList<>(1);
        try (OpenedContents opened = new OpenedContents();
             PreparedStatement insert = connection.prepareStatement(insertStatements(List.of(item)))) {
            bindInserts(insert, 1, List.of(item), opened);
            Jdbc.readResults(insert, rows -> ids.addAll(generatedIds(rows)));
            NewMessage message = item.message();
            if (message.content().size() > MessageChunks.CHUNK_SIZE) {
                try (InputStream content = message.content().open()) {
                    MessageChunks.write(connection, ids.get(0), content);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the content of the message to queue", e);
        }
        return new MessageId(ids.get(0));
    }

    private static final String MESSAGE_COLUMNS = "store_id, routing_reason, routing_explanation, envelope_sender, "
            + "from_display_name, client_name, client_address, received_at, size, content, status, held, next_attempt_at, "
            + "attempts, lease_owner, lease_until";
    private static final String MESSAGE_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, 0, ?, ?)";

    /**
     * Per message its row, which returns its generated id, and its recipients' rows, which refer to that id as
     * {@code LAST_INSERT_ID()}.
     */
    private static String insertStatements(List<Enqueue> items) {
        StringJoiner statements = new StringJoiner(";");
        for (Enqueue item : items) {
            statements.add("INSERT INTO messages (" + MESSAGE_COLUMNS + ") VALUES " + MESSAGE_VALUES + " RETURNING id");
            statements.add("INSERT INTO message_recipients (message_id, seq, address, status, updated_at) VALUES "
                    + String.join(", ", Collections.nCopies(item.message().recipients().size(), "(LAST_INSERT_ID(), ?, ?, ?, ?)")));
        }
        return statements.toString();
    }

    private static void bindInserts(PreparedStatement insert, int firstIndex, List<Enqueue> items, OpenedContents opened)
            throws SQLException {
        int index = firstIndex;
        for (Enqueue item : items) {
            NewMessage message = item.message();
            insert.setString(index++, message.store().value());
            insert.setString(index++, message.routingReason().name());
            insert.setString(index++, message.routingExplanation());
            Jdbc.setNullableString(insert, index++, message.envelopeSender() == null ? null : message.envelopeSender().value());
            Jdbc.setNullableString(insert, index++, message.fromDisplayName());
            insert.setString(index++, message.clientName());
            insert.setString(index++, message.clientAddress());
            Jdbc.setInstant(insert, index++, message.receivedAt());
            insert.setLong(index++, message.content().size());
            if (message.content().size() <= MessageChunks.CHUNK_SIZE) {
                insert.setBinaryStream(index++, opened.open(message.content()), message.content().size());
            } else {
                insert.setNull(index++, java.sql.Types.BLOB);
            }
            insert.setString(index++, MessageStatus.QUEUED.name());
            // All recipients pending: due now, or at the lease's end when a worker takes it at once.
            Jdbc.setInstant(insert, index++, item.leaseUntil() != null ? item.leaseUntil() : message.receivedAt());
            Jdbc.setNullableString(insert, index++, item.leaseOwner());
            Jdbc.setInstant(insert, index++, item.leaseUntil());
            int seq = 0;
            for (EmailAddress recipient : message.recipients()) {
                insert.setInt(index++, seq++);
                insert.setString(index++, recipient.value());
                insert.setString(index++, PENDING);
                Jdbc.setInstant(insert, index++, message.receivedAt());
            }
        }
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
