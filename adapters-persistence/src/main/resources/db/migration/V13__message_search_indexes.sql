-- Message search (issue #22): every filter of GET /api/messages reads an index of its own, never the whole log.
--
-- Recipient and envelope sender are kept as submitted in utf8mb4_bin (case-sensitive, like unit ids); a search ignores
-- case, so each has a lower-cased VIRTUAL copy that exists only in its index: nothing is added to the rows, the
-- listener's INSERT stays as it is, and the new columns are added in place. Their indexes hold the message id too (a
-- secondary index ends with the primary key), so a whole-address match is read in message order.
ALTER TABLE message_recipients
    ADD COLUMN address_lower VARCHAR(254) AS (LOWER(address)) VIRTUAL,
    ADD INDEX idx_message_recipients_address (address_lower);

-- subject: the decoded Subject header as the listener read it, cut at 255 characters, NULL without one; compared
-- without regard to case or accents. sent_as: the address the message last went out as (the From: after the sender
-- rewrite, DESIGN §2), written with the delivery's outcome; NULL until an upstream was asked.
ALTER TABLE messages
    ADD COLUMN subject VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL,
    ADD COLUMN sent_as VARCHAR(254) NULL,
    ADD COLUMN envelope_sender_lower VARCHAR(254) AS (LOWER(envelope_sender)) VIRTUAL,
    ADD INDEX idx_messages_sender (envelope_sender_lower),
    ADD INDEX idx_messages_subject (subject),
    ADD INDEX idx_messages_message_id (message_id_header),
    ADD INDEX idx_messages_received (received_at);
