-- Projects of client companies and their milestones (« étapes »). Progress is never typed: the
-- counters below are recomputed from the milestones in the transaction of every milestone change,
-- so that lists read one row per project.

CREATE TABLE projects (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    client_id        BIGINT UNSIGNED NOT NULL,
    name             VARCHAR(200) NOT NULL,
    description      TEXT NOT NULL,
    start_date       DATE NULL,
    deadline         DATE NULL,
    status           ENUM('en_cours','en_pause','termine') NOT NULL DEFAULT 'en_cours',
    manager_id       BIGINT UNSIGNED NULL,
    milestones_total INT NOT NULL DEFAULT 0,
    milestones_done  INT NOT NULL DEFAULT 0,
    weight_total     INT NOT NULL DEFAULT 0,
    weight_done      INT NOT NULL DEFAULT 0,
    -- The earliest due date among milestones not yet delivered: a milestone is overdue exactly
    -- when this date has passed, so lists need no subquery.
    next_due_date    DATE NULL,
    created_at       DATETIME(6) NOT NULL,
    updated_at       DATETIME(6) NOT NULL,
    KEY ix_projects_client (client_id, status, deadline),
    KEY ix_projects_status (status, deadline),
    KEY ix_projects_next_due (next_due_date),
    KEY ix_projects_updated (updated_at),
    KEY ix_projects_manager (manager_id),
    CONSTRAINT fk_projects_client FOREIGN KEY (client_id) REFERENCES clients (id),
    CONSTRAINT fk_projects_manager FOREIGN KEY (manager_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE milestones (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id   BIGINT UNSIGNED NOT NULL,
    position     INT NOT NULL,
    title        VARCHAR(200) NOT NULL,
    description  TEXT NOT NULL,
    due_date     DATE NULL,
    weight       INT NOT NULL DEFAULT 1,
    state        ENUM('a_venir','en_cours','livree','validee') NOT NULL DEFAULT 'a_venir',
    delivered_at DATETIME(6) NULL,
    delivered_by BIGINT UNSIGNED NULL,
    validated_at DATETIME(6) NULL,
    validated_by BIGINT UNSIGNED NULL,
    created_at   DATETIME(6) NOT NULL,
    updated_at   DATETIME(6) NOT NULL,
    KEY ix_milestones_project (project_id, position),
    KEY ix_milestones_due (state, due_date),
    CONSTRAINT fk_milestones_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT ck_milestones_weight CHECK (weight BETWEEN 1 AND 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The history of delivered steps: what was delivered, validated or reopened, when and by whom.
CREATE TABLE milestone_events (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id   BIGINT UNSIGNED NOT NULL,
    milestone_id BIGINT UNSIGNED NOT NULL,
    kind         ENUM('delivered','validated','reopened') NOT NULL,
    at           DATETIME(6) NOT NULL,
    by_user_id   BIGINT UNSIGNED NULL,
    by_name      VARCHAR(200) NOT NULL DEFAULT '',
    title        VARCHAR(200) NOT NULL,
    KEY ix_events_project (project_id, at),
    CONSTRAINT fk_events_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
