-- Retours (issue 14, §2): the client's feedback on a project (an anomaly, a change request, a
-- question), tracked from « nouveau » to « clôturé » with a recorded history and its own thread.
--
-- client_id copies the project's client so that the staff's list across projects filters and
-- pages one index of this table (a project never changes client without its retours: see
-- store.UpdateProject). task_id has no foreign key: tasks arrive in their own migration, and a
-- retour's task is checked by the use case when it is set.
CREATE TABLE retours (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id          BIGINT UNSIGNED NOT NULL,
    client_id           BIGINT UNSIGNED NOT NULL,
    milestone_id        BIGINT UNSIGNED NULL,
    version_id          BIGINT UNSIGNED NULL,
    task_id             BIGINT UNSIGNED NULL,
    kind                ENUM('anomalie','evolution','question') NOT NULL,
    priority            ENUM('bloquant','majeur','mineur') NOT NULL,
    status              ENUM('nouveau','pris_en_compte','en_cours','resolu','cloture','rouvert') NOT NULL DEFAULT 'nouveau',
    title               VARCHAR(200) NOT NULL,
    description         TEXT NOT NULL,
    opened_by           BIGINT UNSIGNED NULL,
    opened_by_name      VARCHAR(200) NOT NULL,
    -- 'client', or 'admin' when staff opened it on the client's behalf.
    opened_role         VARCHAR(10) NOT NULL,
    assignee_id         BIGINT UNSIGNED NULL,
    resolution          TEXT NULL,
    resolved_version_id BIGINT UNSIGNED NULL,
    created_at          DATETIME(6) NOT NULL,
    updated_at          DATETIME(6) NOT NULL,
    -- The figures of the statistics, kept on write: when it was first taken into account and
    -- first resolved, when it was last closed, and how many times the client reopened it.
    acknowledged_at     DATETIME(6) NULL,
    first_resolved_at   DATETIME(6) NULL,
    resolved_at         DATETIME(6) NULL,
    closed_at           DATETIME(6) NULL,
    reopen_count        INT NOT NULL DEFAULT 0,
    -- The lists: a project's (and the counters), a client's, the staff's by state, priority
    -- (bloquant first), last change or assignee; each sort reads its page in index order.
    KEY ix_retours_project (project_id, status, id),
    KEY ix_retours_client (client_id, status, id),
    KEY ix_retours_status (status, id),
    KEY ix_retours_priority (priority, id),
    KEY ix_retours_updated (updated_at),
    KEY ix_retours_assignee (assignee_id, id),
    -- The statistics: the period's retours opened, and closed.
    KEY ix_retours_created (created_at),
    KEY ix_retours_closed (closed_at),
    KEY ix_retours_milestone (milestone_id),
    KEY ix_retours_version (version_id),
    KEY ix_retours_resolved_version (resolved_version_id),
    CONSTRAINT fk_retours_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT fk_retours_milestone FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE SET NULL,
    CONSTRAINT fk_retours_version FOREIGN KEY (version_id) REFERENCES deliverable_versions (id) ON DELETE SET NULL,
    CONSTRAINT fk_retours_resolved_version FOREIGN KEY (resolved_version_id) REFERENCES deliverable_versions (id) ON DELETE SET NULL,
    CONSTRAINT fk_retours_opened_by FOREIGN KEY (opened_by) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_retours_assignee FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The history of a retour: one row per transition, with who, when, the comment (a resolution
-- note, the reason of a reopening) and the version a resolution points at.
CREATE TABLE retour_events (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    retour_id   BIGINT UNSIGNED NOT NULL,
    from_status VARCHAR(20) NOT NULL,
    to_status   VARCHAR(20) NOT NULL,
    at          DATETIME(6) NOT NULL,
    by_user_id  BIGINT UNSIGNED NULL,
    by_name     VARCHAR(200) NOT NULL,
    by_role     VARCHAR(10) NOT NULL,
    comment     TEXT NOT NULL,
    version_id  BIGINT UNSIGNED NULL,
    KEY ix_retour_events_retour (retour_id, id),
    CONSTRAINT fk_retour_events_retour FOREIGN KEY (retour_id) REFERENCES retours (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A retour's thread is messages with its id: the same edit window, attachments and live
-- events as the project's conversation, which keeps the messages without one. The project
-- conversation and the unread counts read (project_id, retour_id IS NULL, id), a thread
-- (project_id, retour_id, id).
ALTER TABLE messages
    ADD COLUMN retour_id BIGINT UNSIGNED NULL,
    ADD KEY ix_messages_thread (project_id, retour_id, id);

-- The files given when opening a retour (screenshots) are attachments held by the retour
-- itself rather than by a message.
ALTER TABLE message_attachments
    ADD COLUMN retour_id BIGINT UNSIGNED NULL,
    ADD KEY ix_attachments_retour (retour_id);

-- The counters of each project, kept in the transaction of every retour change like progress:
-- lists and dashboards read one row per project. Open means not closed; of them, new ones
-- (not yet taken into account) and resolved ones (awaiting the client's confirmation).
ALTER TABLE projects
    ADD COLUMN retours_open     INT NOT NULL DEFAULT 0,
    ADD COLUMN retours_new      INT NOT NULL DEFAULT 0,
    ADD COLUMN retours_resolved INT NOT NULL DEFAULT 0;
