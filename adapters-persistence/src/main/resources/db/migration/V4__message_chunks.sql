-- Large messages are stored in 1 MiB chunks and read back one chunk at a time, so neither the insert nor a
-- delivery holds a whole message in memory. Small messages stay inline in messages.content.
ALTER TABLE messages MODIFY content LONGBLOB NULL;

CREATE TABLE message_chunks (
    message_id BIGINT     NOT NULL,
    seq        INT        NOT NULL,
    data       MEDIUMBLOB NOT NULL,
    PRIMARY KEY (message_id, seq),
    CONSTRAINT fk_message_chunks_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
