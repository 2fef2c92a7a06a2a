-- Messages per minute a unit's stores may send upstream; inherited down the tree like the other settings.
CREATE TABLE unit_rate_limits (
    unit_id             VARCHAR(64) NOT NULL,
    messages_per_minute INT NOT NULL,
    PRIMARY KEY (unit_id),
    CONSTRAINT fk_unit_rate_limits_unit FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
