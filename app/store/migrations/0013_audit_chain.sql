-- The audit log becomes a hash chain (README, "Statistics, reports and audit"): each row keeps
-- the hash of the row before it and its own, so that editing, deleting or slipping in a row
-- shows. The encoding hashed is described in app/store/audit.go. Rows written before this
-- migration are chained once, in id order, by the portal at its next start (store.Migrate).
ALTER TABLE audit_log
    ADD COLUMN prev_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN row_hash  CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;

-- The head of the chain, one row (id 1), written in the transaction of every audit insert and
-- locked FOR UPDATE there, so that two transactions never chain onto the same row. It is
-- created by the portal once the existing rows are chained. It also keeps the outcome of the
-- last verification (portal audit verify, the nightly job) and the last row found intact, so
-- that rows cut from the end of the log are noticed.
CREATE TABLE audit_chain (
    id             TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    last_id        BIGINT UNSIGNED NOT NULL,
    last_hash      CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    verified_at    DATETIME(6) NULL,
    verified_ok    BOOLEAN NOT NULL DEFAULT FALSE,
    verified_rows  BIGINT UNSIGNED NOT NULL DEFAULT 0,
    good_id        BIGINT UNSIGNED NOT NULL DEFAULT 0,
    good_hash      CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
    break_kind     VARCHAR(20) NOT NULL DEFAULT '',
    break_row      BIGINT UNSIGNED NOT NULL DEFAULT 0,
    break_detail   VARCHAR(500) NOT NULL DEFAULT '',
    alerted_break  VARCHAR(60) NOT NULL DEFAULT '',
    CONSTRAINT ck_audit_chain_one CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Still append-only, except that a row not chained yet may receive its two hashes, and nothing
-- else, once (BINARY: the collation would take « a » and « A » for the same).
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW BEGIN IF OLD.row_hash IS NOT NULL OR NOT (NEW.id <=> OLD.id AND NEW.at <=> OLD.at AND NEW.actor_id <=> OLD.actor_id AND BINARY NEW.actor_role <=> BINARY OLD.actor_role AND BINARY NEW.actor_email <=> BINARY OLD.actor_email AND BINARY NEW.ip <=> BINARY OLD.ip AND BINARY NEW.user_agent <=> BINARY OLD.user_agent AND BINARY NEW.action <=> BINARY OLD.action AND BINARY NEW.target_type <=> BINARY OLD.target_type AND NEW.target_id <=> OLD.target_id AND NEW.client_id <=> OLD.client_id AND BINARY NEW.outcome <=> BINARY OLD.outcome AND BINARY NEW.request_id <=> BINARY OLD.request_id AND BINARY NEW.summary <=> BINARY OLD.summary) THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'; END IF; END;
