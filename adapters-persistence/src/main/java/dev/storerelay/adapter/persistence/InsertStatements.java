package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageContent;
import dev.storerelay.application.port.out.NewMessage;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.MessageStatus;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.IntFunction;

/** The statements that queue messages, and their binding: the text of the inserts {@link MessageInserts} sends. */
final class InsertStatements {
    private static final String MESSAGE_COLUMNS = "store_id, routing_reason, routing_explanation, envelope_sender, "
            + "from_display_name, client_name, client_address, received_at, size, content, status, held, next_attempt_at, "
            + "attempts, lease_owner, lease_until, message_id_header, subject, submission_token";
    private static final String MESSAGE_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, 0, ?, ?, ?, ?, ?)";

    private InsertStatements() {
    }

    /**
     * The rows of the messages, which return their generated ids in order, and those of their recipients. Grouped: one
     * statement for all messages and one for all recipients, a message's id being the first one's plus its place times
     * the increment. Otherwise the two statements per message, its recipients referring to {@code LAST_INSERT_ID()}.
     * {@code counted}: the statement that counts them in their stores' summary rows, last; {@code null} for none.
     */
    static String sql(List<Enqueue> items, boolean grouped, StoreSummaries.Statement counted) {
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

    static StoreSummaries.Statement countQueued(List<Enqueue> items) {
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

    /** Binds the values in the order of {@link #sql}: all messages, then all recipients, when grouped. */
    static void bind(PreparedStatement insert, List<Enqueue> items, boolean grouped,
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
            insert.setNull(index++, Types.BLOB);
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
            insert.setString(index++, QueueRows.PENDING);
            SqlValues.setInstant(insert, index++, message.receivedAt());
        }
        return index;
    }

    static List<Long> generatedIds(ResultSet rows) throws SQLException {
        List<Long> ids = new ArrayList<>();
        while (rows.next()) {
            ids.add(rows.getLong(1));
        }
        return ids;
    }

    /** The content streams bound to an insert, closed once it has run. */
    static final class OpenedContents implements AutoCloseable {
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
