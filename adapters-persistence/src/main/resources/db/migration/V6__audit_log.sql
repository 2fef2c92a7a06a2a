-- Who changed which field of which unit when (DESIGN §2). Only ever appended to. unit_id has no foreign key: the
-- trail of a removed unit stays. A password appears only as "set", "changed" or "cleared", never its value.
CREATE TABLE audit_log (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    at          DATETIME(6)  NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    unit_id     VARCHAR(64)  NULL,
    field       VARCHAR(200) NOT NULL,
    change_text TEXT         NOT NULL,
    PRIMARY KEY (id),
    INDEX idx_audit_log_unit (unit_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
