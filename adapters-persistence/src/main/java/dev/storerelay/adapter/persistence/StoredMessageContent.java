package dev.storerelay.adapter.persistence;

import dev.storerelay.application.port.MessageContent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The content of a queued message, read from the database only when a worker opens it. */
final class StoredMessageContent implements MessageContent {
    private final Database database;
    private final long messageId;
    private final long size;

    StoredMessageContent(Database database, long messageId, long size) {
        this.database = database;
        this.messageId = messageId;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    // Connector/J buffers a whole row unless the result set is streamed, so the bytes are copied out and the
    // connection goes back to the pool at once instead of being held for the whole upstream delivery.
    @Override
    public InputStream open() throws IOException {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT content FROM messages WHERE id = ?")) {
            select.setLong(1, messageId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new IOException("message " + messageId + " is no longer in the queue");
                }
                byte[] inline = rows.getBytes(1);
                // Past one chunk the content lives in message_chunks and streams from there.
                return inline != null ? new ByteArrayInputStream(inline) : MessageChunks.read(database, messageId);
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the content of message " + messageId, e);
        }
    }
}
