-- The stores overview (issue #22) reads one row per store instead of counting the message log on every request.
-- The writers of messages keep it up to date in their own transactions: the listener's insert adds to queued, the
-- record of an attempt moves a message between the counts and notes the outcome, and the rare admin paths (release
-- of held mail, retry, discard) count the store's waiting mail again. Every writer locks messages before summaries.
--
-- queued:   waiting, never tried by an upstream (new, or waiting for its send slot)
-- deferred: waiting after at least one real attempt (a temporary failure)
-- held:     waiting because the store has no SMTP server
-- last_outcome: DELIVERED, DEFERRED, FAILED, HELD or RATE_LIMITED, of the last recorded attempt; last_outcome_since
-- is when the store's attempts started to end that way. failures_in_a_row counts real attempts that delivered
-- nothing since the last delivery, failing_since is the first of them. last_reply: the upstream's reply to the last
-- real attempt, as the delivery log shows it (cut to fit).
CREATE TABLE store_summaries (
    store_id           VARCHAR(64)   NOT NULL,
    queued             INT           NOT NULL DEFAULT 0,
    deferred           INT           NOT NULL DEFAULT 0,
    held               INT           NOT NULL DEFAULT 0,
    last_outcome       VARCHAR(16)   NULL,
    last_outcome_at    DATETIME(6)   NULL,
    last_outcome_since DATETIME(6)   NULL,
    failures_in_a_row  INT           NOT NULL DEFAULT 0,
    failing_since      DATETIME(6)   NULL,
    last_reply         VARCHAR(1000) NULL,
    PRIMARY KEY (store_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Messages that ended failed or expired, per store and hour of the outcome (UTC), for "failed in the last 24 hours".
-- Written only when mail fails; hours past the message retention are deleted with the finished messages.
CREATE TABLE store_failed_hours (
    store_id VARCHAR(64) NOT NULL,
    hour     DATETIME    NOT NULL,
    failed   INT         NOT NULL,
    PRIMARY KEY (store_id, hour),
    INDEX idx_store_failed_hours_hour (hour)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A store's waiting mail by status: the overview's oldest waiting message, the count again after an admin action, and
-- "retry the store's deferred mail" read a few entries of it instead of the store's whole history.
ALTER TABLE messages ADD INDEX idx_messages_store_status (store_id, status, id);

INSERT INTO store_summaries (store_id, queued, deferred, held)
SELECT store_id, SUM(status = 'QUEUED' AND attempts = 0), SUM(status = 'QUEUED' AND attempts > 0), SUM(status = 'HELD')
FROM messages
WHERE status IN ('QUEUED', 'HELD')
GROUP BY store_id;
