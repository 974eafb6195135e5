-- A project's next step kept on its row (issue 18): the lists read it with the project, where
-- each row used to look its first open step up in milestones (one dependent subquery per row of
-- the page). Maintained with the other counters, in the transaction of every step write
-- (store.RecomputeProjectCounters); NULL when every step is delivered or validated.
ALTER TABLE projects
    ADD COLUMN next_step_title VARCHAR(200) NULL,
    ADD COLUMN next_step_due DATE NULL;

UPDATE projects p JOIN milestones nm ON nm.id = (SELECT x.id FROM milestones x WHERE x.project_id = p.id AND x.is_open = 1
    ORDER BY x.position, x.id LIMIT 1)
SET p.next_step_title = nm.title, p.next_step_due = nm.due_date;
