-- A client's latest deliverables (issue 18): the page joined every version of the client's
-- projects and sorted them (a temporary table and a sort, growing with the number of projects:
-- 500 projects, 1 000 versions and more per request). Each version now carries its project's
-- client, kept on insert and when a project changes client, so that the page reads the ten
-- newest of one client down an index and stops.
ALTER TABLE deliverable_versions
    ADD COLUMN client_id BIGINT UNSIGNED NULL,
    ADD KEY ix_versions_client (client_id, uploaded_at, id);

UPDATE deliverable_versions v JOIN projects p ON p.id = v.project_id SET v.client_id = p.client_id;
