-- Store routing (DESIGN §3 rules 3 and 4) and relay credentials for SMTP AUTH on the listener (rule 1).
-- Values are stored in the domain's normalised text form (pattern domain lower-cased, networks as address/prefix),
-- and the primary keys make each pattern and each network belong to one unit only, so a lookup has one answer
-- even when two admins save at the same moment. Binary collation: a local part is case-sensitive.

CREATE TABLE unit_sender_patterns (
    pattern  VARCHAR(255) NOT NULL,
    unit_id  VARCHAR(64)  NOT NULL,
    position INT          NOT NULL,
    PRIMARY KEY (pattern),
    INDEX idx_unit_sender_patterns_unit (unit_id, position),
    CONSTRAINT fk_unit_sender_patterns_unit FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE unit_client_networks (
    network  VARCHAR(64) NOT NULL,
    unit_id  VARCHAR(64) NOT NULL,
    position INT         NOT NULL,
    PRIMARY KEY (network),
    INDEX idx_unit_client_networks_unit (unit_id, position),
    CONSTRAINT fk_unit_client_networks_unit FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One credential per unit; a user name is unique across units. password_hash is an encoded PBKDF2 hash, never
-- the password (it cannot be turned back into it).
CREATE TABLE relay_credentials (
    unit_id       VARCHAR(64)  NOT NULL,
    username      VARCHAR(128) NOT NULL,
    password_hash VARCHAR(512) NOT NULL,
    PRIMARY KEY (unit_id),
    UNIQUE KEY uq_relay_credentials_username (username),
    CONSTRAINT fk_relay_credentials_unit FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
