-- What the relay listener refused at the door (a 4xx/5xx answer to MAIL, RCPT, DATA or the end of DATA), for the
-- admin's Refused page. Never message content, never an AUTH credential. Kept for the message retention and, the
-- newest, up to a bound the application keeps (it deletes the oldest through idx_refused_submissions_at).
-- mail_from NULL: no MAIL given; '' the null reverse-path <>. recipients: one per line, '' for none. Every text
-- comes from the client and is cut by the application to fit its column.
CREATE TABLE refused_submissions (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    at                  DATETIME(6)  NOT NULL,
    client_address      VARCHAR(512) NOT NULL,
    client_name         VARCHAR(512) NULL,
    mail_from           VARCHAR(512) NULL,
    recipients          TEXT         NOT NULL,
    reply_code          SMALLINT     NOT NULL,
    reply_enhanced_code VARCHAR(16)  NULL,
    reply_text          VARCHAR(512) NOT NULL,
    PRIMARY KEY (id),
    INDEX idx_refused_submissions_at (at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
