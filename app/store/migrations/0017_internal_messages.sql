-- Internal notes: a message the staff write for the staff only (« note interne »). It lives in the
-- project's conversation (and in any thread built on messages) and every query that serves a
-- client leaves it out in its WHERE clause. ix_messages_project gains the column so that a
-- client's unread count stays an index-only range scan.
ALTER TABLE messages
    ADD COLUMN internal BOOLEAN NOT NULL DEFAULT FALSE,
    DROP KEY ix_messages_project,
    ADD KEY ix_messages_project (project_id, id, author_id, deleted_at, internal);
