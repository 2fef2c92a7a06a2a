-- Unit ids are the stores' own codes and case-sensitive (DESIGN §8), so every table uses a binary collation:
-- 'store1' and 'STORE1' are different units, and a lookup never matches the wrong one.
-- All DATETIME(6) columns hold UTC; the adapters convert explicitly and never rely on a time zone.

CREATE TABLE units (
    id        VARCHAR(64)  NOT NULL,
    name      VARCHAR(200) NOT NULL,
    parent_id VARCHAR(64)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_units_parent FOREIGN KEY (parent_id) REFERENCES units (id) ON DELETE RESTRICT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A unit's own settings; no row = inherits everything. server_address NULL = no connection block of its own.
CREATE TABLE unit_settings (
    unit_id                VARCHAR(64)     NOT NULL,
    server_address         VARCHAR(253)    NULL,
    port                   INT             NULL,
    login                  VARCHAR(255)    NULL,
    -- version byte || 12-byte nonce || AES-256-GCM ciphertext and tag, the unit id as associated data
    password_ciphertext    VARBINARY(8192) NULL,
    secure_socket_options  VARCHAR(32)     NULL,
    outgoing_email_address VARCHAR(254)    NULL,
    PRIMARY KEY (unit_id),
    CONSTRAINT fk_unit_settings_unit FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The durable queue and delivery log. store_id has no foreign key: a store may be removed while its mail is queued.
-- next_attempt_at is NULL exactly when no recipient is pending; held messages wait there until their expiry.
CREATE TABLE messages (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    store_id            VARCHAR(64)  NOT NULL,
    routing_reason      VARCHAR(32)  NOT NULL,
    routing_explanation TEXT         NOT NULL,
    envelope_sender     VARCHAR(254) NULL,
    from_display_name   TEXT         NULL,
    client_name         VARCHAR(512) NOT NULL,
    client_address      VARCHAR(255) NOT NULL,
    received_at         DATETIME(6)  NOT NULL,
    size                BIGINT       NOT NULL,
    content             LONGBLOB     NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    held                BOOLEAN      NOT NULL DEFAULT FALSE,
    next_attempt_at     DATETIME(6)  NULL,
    lease_owner         VARCHAR(255) NULL,
    lease_until         DATETIME(6)  NULL,
    attempts            INT          NOT NULL DEFAULT 0,
    last_attempt_at     DATETIME(6)  NULL,
    last_error          TEXT         NULL,
    PRIMARY KEY (id),
    INDEX idx_messages_due (next_attempt_at, id),
    INDEX idx_messages_store (store_id, id),
    INDEX idx_messages_status (status, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE message_recipients (
    message_id BIGINT       NOT NULL,
    seq        INT          NOT NULL,
    address    VARCHAR(254) NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    last_reply TEXT         NULL,
    updated_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (message_id, seq),
    CONSTRAINT fk_message_recipients_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per recorded attempt (including holds, which do not count as attempts), for the delivery log.
CREATE TABLE delivery_attempts (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    message_id BIGINT      NOT NULL,
    at         DATETIME(6) NOT NULL,
    counted    BOOLEAN     NOT NULL,
    held       BOOLEAN     NOT NULL,
    summary    TEXT        NOT NULL,
    PRIMARY KEY (id),
    INDEX idx_delivery_attempts_message (message_id, id),
    CONSTRAINT fk_delivery_attempts_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE admin_users (
    username      VARCHAR(255) NOT NULL,
    password_hash VARCHAR(512) NOT NULL,
    can_setup     BOOLEAN      NOT NULL,
    PRIMARY KEY (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
