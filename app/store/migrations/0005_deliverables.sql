-- Deliverables: files attached to a project (optionally to one of its milestones), in numbered
-- versions. Each version carries its own validation state; every decision is a new row, so a
-- decision is never changed silently. Downloads are recorded in the audit log.

CREATE TABLE deliverables (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id     BIGINT UNSIGNED NOT NULL,
    milestone_id   BIGINT UNSIGNED NULL,
    title          VARCHAR(200) NOT NULL,
    latest_version INT NOT NULL DEFAULT 0,
    created_by     BIGINT UNSIGNED NULL,
    created_at     DATETIME(6) NOT NULL,
    updated_at     DATETIME(6) NOT NULL,
    KEY ix_deliverables_project (project_id, updated_at),
    KEY ix_deliverables_milestone (milestone_id),
    CONSTRAINT fk_deliverables_project FOREIGN KEY (project_id) REFERENCES projects (id),
    CONSTRAINT fk_deliverables_milestone FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE deliverable_versions (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    deliverable_id BIGINT UNSIGNED NOT NULL,
    project_id     BIGINT UNSIGNED NOT NULL,
    number         INT NOT NULL,
    file_key       CHAR(32) NOT NULL,
    file_name      VARCHAR(255) NOT NULL,
    content_type   VARCHAR(100) NOT NULL,
    size           BIGINT NOT NULL,
    sha256         CHAR(64) NOT NULL,
    note           TEXT NOT NULL,
    status         ENUM('en_attente','valide','modifications') NOT NULL DEFAULT 'en_attente',
    uploaded_by    BIGINT UNSIGNED NULL,
    uploaded_at    DATETIME(6) NOT NULL,
    decided_at     DATETIME(6) NULL,
    UNIQUE KEY uq_versions_number (deliverable_id, number),
    UNIQUE KEY uq_versions_file (file_key),
    KEY ix_versions_status (status, uploaded_at),
    KEY ix_versions_project (project_id, uploaded_at),
    CONSTRAINT fk_versions_deliverable FOREIGN KEY (deliverable_id) REFERENCES deliverables (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE deliverable_decisions (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    version_id     BIGINT UNSIGNED NOT NULL,
    deliverable_id BIGINT UNSIGNED NOT NULL,
    decision       ENUM('valide','modifications') NOT NULL,
    comment        TEXT NOT NULL,
    -- The exact bytes decided on.
    sha256         CHAR(64) NOT NULL,
    by_user_id     BIGINT UNSIGNED NULL,
    by_name        VARCHAR(200) NOT NULL,
    at             DATETIME(6) NOT NULL,
    KEY ix_decisions_version (version_id, at),
    KEY ix_decisions_deliverable (deliverable_id, at),
    CONSTRAINT fk_decisions_version FOREIGN KEY (version_id) REFERENCES deliverable_versions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
