-- Unread counts kept on write (issue 18): counting them on read cost one range per project of a
-- list (a UNION ALL branch and a temporary table each). Each project now keeps how many
-- messages it holds that are not deleted (messages_all for the staff, messages_public without
-- the internal notes, for clients), maintained under the project row's lock that every post and
-- deletion takes first; each reader's marker keeps how many of them it had seen (seen, counted
-- with the reader's own visibility), lowered when a message it had seen is deleted. A reader's
-- unread count is then the difference, read with the list's projects in one query. A post counts
-- as seen by its author, wherever the author's marker is.
ALTER TABLE projects
    ADD COLUMN messages_all INT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN messages_public INT UNSIGNED NOT NULL DEFAULT 0;

ALTER TABLE message_reads
    ADD COLUMN seen INT UNSIGNED NOT NULL DEFAULT 0,
    ADD KEY ix_message_reads_project (project_id, last_read);

UPDATE projects p JOIN (
    SELECT project_id, COUNT(*) AS n_all, SUM(NOT internal) AS n_public FROM messages
    WHERE deleted_at IS NULL GROUP BY project_id
) x ON x.project_id = p.id
SET p.messages_all = x.n_all, p.messages_public = x.n_public;

-- An author without a marker (data written before posts marked their author's read) keeps its
-- own messages out of its count.
INSERT IGNORE INTO message_reads (user_id, project_id, last_read)
SELECT DISTINCT author_id, project_id, 0 FROM messages;

UPDATE message_reads r JOIN users u ON u.id = r.user_id JOIN projects p ON p.id = r.project_id
SET r.seen = IF(u.role = 'admin', p.messages_all, p.messages_public) - (
    SELECT COUNT(*) FROM messages m WHERE m.project_id = r.project_id AND m.id > r.last_read
    AND m.author_id <> r.user_id AND m.deleted_at IS NULL AND (u.role = 'admin' OR NOT m.internal));
