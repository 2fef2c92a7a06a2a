-- Concurrent deliveries a unit's stores may have under way (one upstream connection each); inherited like the rate.
CREATE TABLE unit_connection_limits (
    unit_id         VARCHAR(64) NOT NULL,
    max_connections INT         NOT NULL,
    PRIMARY KEY (unit_id),
    CONSTRAINT fk_unit_connection_limits_unit FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
