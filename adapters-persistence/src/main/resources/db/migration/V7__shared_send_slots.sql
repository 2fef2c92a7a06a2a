-- Send slots of rate-limited stores, shared by every relay process on this database, so that a store's limit holds
-- for all of them together. One row per store that has sent under a limit: when its next slot is free, in
-- microseconds since the epoch (the slot arithmetic stays in whole numbers).
CREATE TABLE store_send_slots (
    store_id     VARCHAR(64) NOT NULL,
    next_free_us BIGINT      NOT NULL,
    PRIMARY KEY (store_id),
    CONSTRAINT fk_store_send_slots_unit FOREIGN KEY (store_id) REFERENCES units (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The slot a message waits for, kept with the message: whichever process claims it when the slot comes sends it
-- then, instead of reserving another one.
ALTER TABLE messages ADD COLUMN send_slot_at DATETIME(6) NULL;
