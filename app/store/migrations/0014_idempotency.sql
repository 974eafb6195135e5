-- Idempotency keys: a retried write (the same Idempotency-Key, user, method, path and body)
-- answers the first result instead of writing again. The row is inserted by the write's own
-- transaction, first thing (store/idempotency.go), so that it exists exactly when the write
-- was committed and a concurrent duplicate waits on it; the response is recorded just after
-- the commit (status NULL until then). Rows older than 24 hours are purged by the clean-up job.
CREATE TABLE idempotency_keys (
    user_id      BIGINT UNSIGNED NOT NULL,
    idem_key     VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- SHA-256 of method, path and body: the same key with another request is refused.
    fingerprint  CHAR(64) CHARACTER SET ascii NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    status       SMALLINT NULL,
    content_type VARCHAR(100) NULL,
    response     MEDIUMBLOB NULL,
    PRIMARY KEY (user_id, idem_key),
    KEY ix_idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
