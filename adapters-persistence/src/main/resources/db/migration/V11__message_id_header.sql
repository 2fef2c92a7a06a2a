-- The message's Message-ID header field (RFC 5322 §3.6.4) as the listener read it, so that every log line of the
-- message's delivery can name it; NULL when the message had none. Added at the end: MariaDB adds it in place (instant).
ALTER TABLE messages ADD COLUMN message_id_header VARCHAR(255) NULL;
