-- Permits for the upstream connections of stores whose units cap them, shared by every relay process on this
-- database, so that a store's cap holds for all of them together. A row is a permit while held_until_us (microseconds
-- since the epoch) lies ahead; its holder renews it while the connection is open, and a lapsed row is free again.
CREATE TABLE store_connection_permits (
    store_id      VARCHAR(64)  NOT NULL,
    permit        INT          NOT NULL,
    holder        VARCHAR(200) NOT NULL,
    held_until_us BIGINT       NOT NULL,
    PRIMARY KEY (store_id, permit),
    KEY ix_store_connection_permits_holder (holder),
    CONSTRAINT fk_store_connection_permits_unit FOREIGN KEY (store_id) REFERENCES units (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
