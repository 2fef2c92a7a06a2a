-- The version of the configuration every message needs (units, their SMTP settings, routing rules, limits). Each
-- change made through the relay increments it, so a relay process keeps its snapshots of that configuration for as
-- long as the version stays the same, and learns of another process's change by reading this one row.
CREATE TABLE configuration_version (
    id      TINYINT NOT NULL PRIMARY KEY,
    version BIGINT  NOT NULL,
    CONSTRAINT ck_configuration_version_one_row CHECK (id = 1)
) ENGINE = InnoDB;

INSERT INTO configuration_version (id, version) VALUES (1, 0);
