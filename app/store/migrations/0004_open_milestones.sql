-- Overdue steps are searched by "not delivered yet, due before today". A stored flag makes that
-- one index range read in due-date order, so the admin dashboard's count and its "oldest
-- overdue first" list need neither a filesort nor a scan of delivered steps.
ALTER TABLE milestones
    ADD COLUMN is_open TINYINT(1) AS (state IN ('a_venir','en_cours')) STORED,
    DROP INDEX ix_milestones_due,
    ADD INDEX ix_milestones_open_due (is_open, due_date, project_id);
