-- The project lists sort by deadline, those without one last (issue 18). ORDER BY
-- "deadline IS NULL, deadline" matched no index: a client's list sorted all of its projects for
-- each page (500 rows for a client with 500 projects). deadline_last names that expression, so
-- that the client's list (and the staff's unfiltered one) read their page down an index and stop.
ALTER TABLE projects
    ADD COLUMN deadline_last BOOLEAN AS (deadline IS NULL) VIRTUAL,
    ADD KEY ix_projects_client_deadline (client_id, deadline_last, deadline),
    ADD KEY ix_projects_deadline (deadline_last, deadline);
