-- Tasks inside the steps of a project, the progress they move, and the users' calendar feeds.

-- A task belongs to one step; project_id is copied from it (a task moves only between steps of
-- its project) so that a client's lists and the calendar filter on the project without a join.
-- retour_id is the client feedback (« retour ») the task answers, of the same project (checked
-- by the use case).
CREATE TABLE tasks (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id   BIGINT UNSIGNED NOT NULL,
    milestone_id BIGINT UNSIGNED NOT NULL,
    position     INT NOT NULL,
    title        VARCHAR(200) NOT NULL,
    description  TEXT NOT NULL,
    status       ENUM('a_faire','en_cours','en_revue','terminee') NOT NULL DEFAULT 'a_faire',
    assignee_id  BIGINT UNSIGNED NULL,
    due_date     DATE NULL,
    -- 1: visible to the client; 0: internal (staff only).
    visible      TINYINT(1) NOT NULL DEFAULT 1,
    retour_id    BIGINT UNSIGNED NULL,
    done_at      DATETIME(6) NULL,
    created_at   DATETIME(6) NOT NULL,
    updated_at   DATETIME(6) NOT NULL,
    -- Open tasks past due are the overdue alerts: one index range in due-date order.
    is_open      TINYINT(1) AS (status <> 'terminee') STORED,
    KEY ix_tasks_milestone (milestone_id, position),
    KEY ix_tasks_project (project_id, visible),
    KEY ix_tasks_open_due (is_open, due_date, project_id),
    KEY ix_tasks_due (due_date, project_id),
    KEY ix_tasks_assignee (assignee_id),
    CONSTRAINT fk_tasks_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT fk_tasks_milestone FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE CASCADE,
    CONSTRAINT fk_tasks_assignee FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_tasks_retour FOREIGN KEY (retour_id) REFERENCES retours (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A retour may name the task it is about (migration 0016 left the column without a key, the
-- tasks table not existing yet); a deleted task leaves the retour without one.
ALTER TABLE retours
    ADD CONSTRAINT fk_retours_task FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE SET NULL;

-- Task counters of each step, kept in the transaction of every task change like the project's
-- counters: the project page reads « 7 tâches sur 12 terminées » from the step rows. The
-- visible_ pair is what a client is shown.
ALTER TABLE milestones
    ADD COLUMN tasks_total         INT NOT NULL DEFAULT 0,
    ADD COLUMN tasks_done          INT NOT NULL DEFAULT 0,
    ADD COLUMN visible_tasks_total INT NOT NULL DEFAULT 0,
    ADD COLUMN visible_tasks_done  INT NOT NULL DEFAULT 0,
    -- The calendar feeds read steps by due date, whatever their state.
    ADD KEY ix_milestones_due_date (due_date);

-- progress_milli is Σ of what each step contributes, in thousandths of a weight unit: a whole
-- weight for a delivered or validated step, weight × finished tasks / tasks for a step in
-- progress (store.stepContribution). It replaces weight_done as the source of the percentage.
ALTER TABLE projects
    ADD COLUMN progress_milli INT NOT NULL DEFAULT 0;
UPDATE projects SET progress_milli = weight_done * 1000;

-- Task completions join the project's history; internal ones are shown to staff only.
ALTER TABLE milestone_events
    MODIFY COLUMN kind ENUM('delivered','validated','reopened','task_done') NOT NULL,
    ADD COLUMN task_id  BIGINT UNSIGNED NULL,
    ADD COLUMN internal TINYINT(1) NOT NULL DEFAULT 0,
    ADD KEY ix_events_task (task_id);

-- Overdue tasks are announced to the staff once per task and day, like steps.
CREATE TABLE task_overdue_alerts (
    task_id BIGINT UNSIGNED NOT NULL,
    day     DATE NOT NULL,
    sent_at DATETIME(6) NOT NULL,
    PRIMARY KEY (task_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A user's private calendar feed: the secret of its URL is stored as its SHA-256 only. One feed
-- per user; renewing replaces the row, so the old URL stops working at once.
CREATE TABLE calendar_feeds (
    user_id      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    token_hash   BINARY(32) NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    last_used_at DATETIME(6) NULL,
    UNIQUE KEY ux_calendar_token (token_hash),
    CONSTRAINT fk_calendar_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Reading a feed is throttled per feed, and guessing secrets per IP, with the sign-in counters.
ALTER TABLE login_throttle
    MODIFY COLUMN scope ENUM('account','ip','reset','reset-ip','calendar','calendar_ip') NOT NULL;
