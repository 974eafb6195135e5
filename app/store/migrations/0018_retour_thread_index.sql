-- The unread counts of a project's conversation leave out the retours' threads (0016) and, for
-- clients, the internal notes (0017): the thread index gains the columns they read, so that
-- each count stays an index-only range from the reader's marker.
ALTER TABLE messages
    DROP KEY ix_messages_thread,
    ADD KEY ix_messages_thread (project_id, retour_id, id, author_id, deleted_at, internal);
