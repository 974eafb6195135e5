-- The retours' threads (0016) are not the project's conversation: its unread counters (0018)
-- leave them out, as its list does. The thread index gains the columns that the conversation's
-- reads filter on, so that they stay index-only ranges; the counters are computed again without
-- the threads' messages (RecountUnread replays these statements after a bulk load).
ALTER TABLE messages
    DROP KEY ix_messages_thread,
    ADD KEY ix_messages_thread (project_id, retour_id, id, author_id, deleted_at, internal);

UPDATE projects p LEFT JOIN (
    SELECT project_id, COUNT(*) AS n_all, SUM(NOT internal) AS n_public FROM messages
    WHERE deleted_at IS NULL AND retour_id IS NULL GROUP BY project_id
) x ON x.project_id = p.id
SET p.messages_all = COALESCE(x.n_all, 0), p.messages_public = COALESCE(x.n_public, 0);

-- An author without a marker keeps its own messages out of its count.
INSERT IGNORE INTO message_reads (user_id, project_id, last_read)
SELECT DISTINCT author_id, project_id, 0 FROM messages WHERE retour_id IS NULL;

UPDATE message_reads r JOIN users u ON u.id = r.user_id JOIN projects p ON p.id = r.project_id
SET r.seen = IF(u.role = 'admin', p.messages_all, p.messages_public) - (
    SELECT COUNT(*) FROM messages m WHERE m.project_id = r.project_id AND m.retour_id IS NULL AND m.id > r.last_read
    AND m.author_id <> r.user_id AND m.deleted_at IS NULL AND (u.role = 'admin' OR NOT m.internal));
