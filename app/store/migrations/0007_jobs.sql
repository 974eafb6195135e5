-- Scheduled job runs (visible to admins) and the overdue alerts already sent, so that a
-- milestone is announced once per day whatever the number of runs or processes.

CREATE TABLE job_runs (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job         VARCHAR(64) NOT NULL,
    started_at  DATETIME(6) NOT NULL,
    finished_at DATETIME(6) NULL,
    outcome     ENUM('running','success','failure','skipped') NOT NULL,
    details     VARCHAR(2000) NOT NULL DEFAULT '',
    KEY ix_job_runs_job (job, id),
    KEY ix_job_runs_started (started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE overdue_alerts (
    milestone_id BIGINT UNSIGNED NOT NULL,
    day          DATE NOT NULL,
    sent_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (milestone_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
