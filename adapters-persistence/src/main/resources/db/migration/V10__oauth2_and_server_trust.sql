-- The connection block's authentication method with its OAuth 2.0 settings, and the unit's own trust in server
-- certificates. oauth2_provider is NULL exactly when the block logs in with a password (or not at all). Secrets are
-- stored as the password is (version || nonce || AES-256-GCM ciphertext and tag), each with the unit id and its
-- column's name as associated data, so a ciphertext copied to another unit or column does not decrypt.
ALTER TABLE unit_settings
    ADD COLUMN oauth2_provider                   VARCHAR(32)   NULL,
    ADD COLUMN oauth2_grant                      VARCHAR(32)   NULL,
    ADD COLUMN oauth2_tenant_id                  VARCHAR(255)  NULL,
    ADD COLUMN oauth2_client_id                  VARCHAR(255)  NULL,
    ADD COLUMN oauth2_client_secret_ciphertext   VARBINARY(8192) NULL,
    ADD COLUMN oauth2_private_key_ciphertext     BLOB          NULL,
    ADD COLUMN oauth2_certificate_pem            TEXT          NULL,
    ADD COLUMN oauth2_service_account_ciphertext BLOB          NULL,
    ADD COLUMN oauth2_token_endpoint             VARCHAR(2048) NULL,
    ADD COLUMN oauth2_authorization_endpoint     VARCHAR(2048) NULL,
    ADD COLUMN oauth2_scope                      VARCHAR(1024) NULL,
    ADD COLUMN oauth2_refresh_token_ciphertext   BLOB          NULL,
    -- SHA-256 fingerprints (64 hex digits each) separated by spaces
    ADD COLUMN trust_pinned_sha256               VARCHAR(1024) NULL,
    ADD COLUMN trust_ca_certificates_pem         MEDIUMTEXT    NULL;
