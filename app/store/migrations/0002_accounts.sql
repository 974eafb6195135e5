-- Client companies, their users and the staff, sign-in sessions, one-time links, sign-in
-- throttling and the append-only audit log.

CREATE TABLE clients (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    contact_name  VARCHAR(200) NOT NULL DEFAULT '',
    contact_email VARCHAR(254) NOT NULL DEFAULT '',
    phone         VARCHAR(50)  NOT NULL DEFAULT '',
    address       VARCHAR(500) NOT NULL DEFAULT '',
    notes         TEXT         NOT NULL,
    archived_at   DATETIME(6)  NULL,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    UNIQUE KEY uq_clients_name (name),
    KEY ix_clients_archived_name (archived_at, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email           VARCHAR(254) NOT NULL,
    name            VARCHAR(200) NOT NULL,
    role            ENUM('admin','client') NOT NULL,
    client_id       BIGINT UNSIGNED NULL,
    -- NULL until the invitation link was used to choose a password.
    password_hash   VARCHAR(255) NULL,
    password_set_at DATETIME(6)  NULL,
    disabled_at     DATETIME(6)  NULL,
    totp_secret     VARCHAR(64)  NULL,
    totp_enabled_at DATETIME(6)  NULL,
    -- The last TOTP time step accepted, so that a code cannot be replayed.
    totp_last_step  BIGINT       NOT NULL DEFAULT 0,
    language        CHAR(2)      NOT NULL DEFAULT 'fr',
    last_login_at   DATETIME(6)  NULL,
    created_at      DATETIME(6)  NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    UNIQUE KEY uq_users_email (email),
    KEY ix_users_client (client_id, name),
    CONSTRAINT fk_users_client FOREIGN KEY (client_id) REFERENCES clients (id),
    CONSTRAINT ck_users_role_client CHECK ((role = 'admin' AND client_id IS NULL) OR (role = 'client' AND client_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE recovery_codes (
    user_id   BIGINT UNSIGNED NOT NULL,
    code_hash BINARY(32) NOT NULL,
    used_at   DATETIME(6) NULL,
    PRIMARY KEY (user_id, code_hash),
    CONSTRAINT fk_recovery_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions are keyed by the SHA-256 of the cookie's random token: a copy of this table does not
-- let anyone sign in. A session with mfa_pending = 1 has passed the password only.
CREATE TABLE sessions (
    token_hash   BINARY(32)  NOT NULL PRIMARY KEY,
    user_id      BIGINT UNSIGNED NOT NULL,
    csrf_token   CHAR(43)    NOT NULL,
    mfa_pending  TINYINT(1)  NOT NULL DEFAULT 0,
    ip           VARCHAR(45) NOT NULL DEFAULT '',
    user_agent   VARCHAR(300) NOT NULL DEFAULT '',
    created_at   DATETIME(6) NOT NULL,
    last_seen_at DATETIME(6) NOT NULL,
    expires_at   DATETIME(6) NOT NULL,
    KEY ix_sessions_user (user_id),
    KEY ix_sessions_expires (expires_at),
    CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Invitation and password-reset links: single use, short-lived, stored hashed.
CREATE TABLE auth_tokens (
    token_hash BINARY(32) NOT NULL PRIMARY KEY,
    user_id    BIGINT UNSIGNED NOT NULL,
    purpose    ENUM('invitation','reset') NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    used_at    DATETIME(6) NULL,
    KEY ix_auth_tokens_user (user_id, purpose),
    CONSTRAINT fk_auth_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed sign-ins counted per account and per IP within a sliding window.
CREATE TABLE login_throttle (
    scope        ENUM('account','ip') NOT NULL,
    subject      VARCHAR(254) NOT NULL,
    failures     INT NOT NULL,
    window_start DATETIME(6) NOT NULL,
    locked_until DATETIME(6) NULL,
    PRIMARY KEY (scope, subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at          DATETIME(6) NOT NULL,
    actor_id    BIGINT UNSIGNED NULL,
    actor_role  VARCHAR(10) NOT NULL DEFAULT '',
    actor_email VARCHAR(254) NOT NULL DEFAULT '',
    ip          VARCHAR(45) NOT NULL DEFAULT '',
    user_agent  VARCHAR(300) NOT NULL DEFAULT '',
    action      VARCHAR(64) NOT NULL,
    target_type VARCHAR(32) NOT NULL DEFAULT '',
    target_id   BIGINT UNSIGNED NULL,
    client_id   BIGINT UNSIGNED NULL,
    outcome     ENUM('success','failure','denied') NOT NULL,
    request_id  VARCHAR(64) NOT NULL DEFAULT '',
    summary     VARCHAR(1000) NOT NULL DEFAULT '',
    KEY ix_audit_at (at),
    KEY ix_audit_actor (actor_id, at),
    KEY ix_audit_action (action, at),
    KEY ix_audit_target (target_type, target_id),
    KEY ix_audit_client (client_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The audit log is append-only, whoever holds the connection.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';

-- E-mails wait here until the worker has handed them to the SMTP server: an outage delays mail,
-- it never loses it. Rows are written in the transaction of the event they announce.
CREATE TABLE email_outbox (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    to_addr         VARCHAR(254) NOT NULL,
    subject         VARCHAR(300) NOT NULL,
    text_body       MEDIUMTEXT NOT NULL,
    html_body       MEDIUMTEXT NOT NULL,
    created_at      DATETIME(6) NOT NULL,
    next_attempt_at DATETIME(6) NOT NULL,
    attempts        INT NOT NULL DEFAULT 0,
    last_error      VARCHAR(1000) NOT NULL DEFAULT '',
    sent_at         DATETIME(6) NULL,
    dead_at         DATETIME(6) NULL,
    KEY ix_outbox_due (sent_at, dead_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
