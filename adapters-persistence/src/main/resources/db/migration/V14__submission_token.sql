-- A random token per submission, written with the message: a write repeated after a lost connection first looks for
-- the token, since the commit whose answer was lost may have happened (a failover, a restarted server), and so never
-- queues the message twice. Not unique: the index serves that look-up only and costs an insert little.
ALTER TABLE messages
    ADD COLUMN submission_token BINARY(16) NULL,
    ADD INDEX idx_messages_submission_token (submission_token);
