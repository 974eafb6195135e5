-- Statistics (A7) at 500 000 messages: each aggregate of app/store/stats.go reads one range of
-- one of these indexes and nothing else (index-only). Without a client filter, the period's
-- range of a time index; with one, the client's projects (ix_projects_client) and then, per
-- project, an index that starts with it.

-- Projects created per month by status.
ALTER TABLE projects ADD KEY ix_projects_created (created_at, status);

-- Steps delivered per month, on time or late.
ALTER TABLE milestones ADD KEY ix_milestones_delivered (delivered_at, due_date);

-- Versions uploaded per month (with a client: ix_versions_project (project_id, uploaded_at)).
ALTER TABLE deliverable_versions ADD KEY ix_versions_uploaded (uploaded_at);

-- Validations per month (decision = 'valide' and a range of dates); and the decisions of each
-- version: ix_decisions_version gains the decision so that counting change requests reads no
-- row (same leading columns: the foreign key and the deliverable pages use it as before).
ALTER TABLE deliverable_decisions
    ADD KEY ix_decisions_decided (decision, at),
    DROP KEY ix_decisions_version,
    ADD KEY ix_decisions_version (version_id, at, decision);

-- Client messages per project with what the team response needs: the activity of each client
-- and the time to the staff's answer are one index-only read per project, in client order.
ALTER TABLE messages ADD KEY ix_messages_client_activity (author_role, project_id, created_at, deleted_at, answered_at);
