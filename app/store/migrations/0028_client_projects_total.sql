-- A client's number of projects kept on its row (issue 18): the client's list of projects gave
-- its total with COUNT(*) over every project of the client (500 index entries read for each
-- page of a client with 500 projects); it now reads this one value. Kept by the statements that
-- insert a project or move it to another client (store.InsertProject, store.UpdateProject),
-- which lock the client's row before the project's, and by store.RecomputeAllProjectCounters
-- after a bulk load.
ALTER TABLE clients ADD COLUMN projects_total INT UNSIGNED NOT NULL DEFAULT 0;

UPDATE clients c SET c.projects_total = (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id);
