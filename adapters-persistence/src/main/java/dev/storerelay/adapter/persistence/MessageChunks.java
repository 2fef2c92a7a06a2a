package dev.storerelay.adapter.persistence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Message content past {@link #CHUNK_SIZE} in table {@code message_chunks}: written chunk by chunk from the
 * listener's spool and read back one chunk at a time, so memory stays at about one chunk per message in flight,
 * however large the message.
 *
 * <p>Plain JDBC: it streams each chunk into the statement on the connection of the message's own transaction.
 */
final class MessageChunks {
    static final int CHUNK_SIZE = 1024 * 1024;

    private MessageChunks() {
    }

    /** Writes the whole stream as chunks 0, 1, 2, … of the message, in the caller's transaction. */
    static void write(Connection connection, long messageId, InputStream content) throws SQLException, IOException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO message_chunks (message_id, seq, data) VALUES (?, ?, ?)")) {
            byte[] buffer = new byte[CHUNK_SIZE];
            int seq = 0;
            int filled;
            while ((filled = content.readNBytes(buffer, 0, CHUNK_SIZE)) > 0) {
                insert.setLong(1, messageId);
                insert.setInt(2, seq++);
                insert.setBinaryStream(3, new ByteArrayInputStream(buffer, 0, filled), filled);
                insert.executeUpdate();
            }
        }
    }

    /** The message's chunks as one stream; each chunk is fetched (on a pooled connection) only when it is reached. */
    static InputStream read(Database database, long messageId) {
        return new InputStream() {
            private int nextSeq;
            private InputStream current = InputStream.nullInputStream();
            private boolean finished;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                while (!finished) {
                    int n = current.read(into, offset, length);
                    if (n != -1) {
                        return n;
                    }
                    current = fetch(nextSeq++);
                }
                return -1;
            }

            private InputStream fetch(int seq) throws IOException {
                try (Connection connection = database.connection();
                     PreparedStatement select = connection.prepareStatement(
                             "SELECT data FROM message_chunks WHERE message_id = ? AND seq = ?")) {
                    select.setLong(1, messageId);
                    select.setInt(2, seq);
                    try (ResultSet rows = select.executeQuery()) {
                        if (!rows.next()) {
                            finished = true;
                            return InputStream.nullInputStream();
                        }
                        return new ByteArrayInputStream(rows.getBytes(1));
                    }
                } catch (SQLException e) {
                    throw new IOException("cannot read chunk " + seq + " of message " + messageId, e);
                }
            }
        };
    }
}
