-- Exchanges: one conversation per project, unread markers, in-portal notifications with the
-- e-mail each one still owes, and per-user notification preferences.

CREATE TABLE messages (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id BIGINT UNSIGNED NOT NULL,
    author_id  BIGINT UNSIGNED NOT NULL,
    body       TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    edited_at  DATETIME(6) NULL,
    deleted_at DATETIME(6) NULL,
    KEY ix_messages_project (project_id, id),
    KEY ix_messages_author (author_id, created_at),
    KEY ix_messages_created (created_at),
    FULLTEXT KEY ft_messages_body (body),
    CONSTRAINT fk_messages_project FOREIGN KEY (project_id) REFERENCES projects (id),
    CONSTRAINT fk_messages_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Files sent with a message, stored like deliverables. message_id is NULL between the upload
-- and the message that carries it.
CREATE TABLE message_attachments (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message_id  BIGINT UNSIGNED NULL,
    project_id  BIGINT UNSIGNED NOT NULL,
    uploaded_by BIGINT UNSIGNED NOT NULL,
    file_key    CHAR(32) NOT NULL,
    file_name   VARCHAR(255) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size        BIGINT NOT NULL,
    sha256      CHAR(64) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    UNIQUE KEY uq_attachments_file (file_key),
    KEY ix_attachments_message (message_id),
    KEY ix_attachments_orphans (message_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The last message each user has read in each project's conversation.
CREATE TABLE message_reads (
    user_id    BIGINT UNSIGNED NOT NULL,
    project_id BIGINT UNSIGNED NOT NULL,
    last_read  BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (user_id, project_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per person to notify of an event, written in the event's transaction. email_due_at
-- says when its e-mail is owed (NULL: none): a few minutes later for "immediately", so that a
-- burst on one project makes one e-mail, or at the person's digest hour.
CREATE TABLE notifications (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id      BIGINT UNSIGNED NOT NULL,
    kind         VARCHAR(20) NOT NULL,
    project_id   BIGINT UNSIGNED NULL,
    title        VARCHAR(300) NOT NULL,
    body         VARCHAR(1000) NOT NULL,
    link         VARCHAR(300) NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    read_at      DATETIME(6) NULL,
    email_mode   ENUM('none','immediate','digest') NOT NULL DEFAULT 'none',
    email_due_at DATETIME(6) NULL,
    emailed_at   DATETIME(6) NULL,
    KEY ix_notifications_user (user_id, id),
    KEY ix_notifications_unread (user_id, read_at),
    KEY ix_notifications_email (email_due_at),
    CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notification_prefs (
    user_id BIGINT UNSIGNED NOT NULL,
    kind    VARCHAR(20) NOT NULL,
    mode    ENUM('immediate','digest','off') NOT NULL,
    PRIMARY KEY (user_id, kind),
    CONSTRAINT fk_prefs_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE users ADD COLUMN digest_hour TINYINT NOT NULL DEFAULT 8;
