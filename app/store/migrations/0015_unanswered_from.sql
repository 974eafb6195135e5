-- Concurrent posts in one conversation deadlocked: a staff message set answered_at with an
-- UPDATE that scanned, and locked, the project's messages while other posts inserted among
-- them. Each project now keeps the oldest client message its staff has not answered yet: every
-- post locks its project's row first (so a conversation's posts take turns, and a message's id
-- and time follow that order), a client message sets unanswered_from when it is empty, and a
-- staff message answers the client messages from it on, by the primary key range of this
-- project alone, then empties it.
ALTER TABLE projects ADD COLUMN unanswered_from BIGINT UNSIGNED NULL;

UPDATE projects p JOIN (
    SELECT project_id, MIN(id) AS first_id FROM messages
    WHERE author_role = 'client' AND answered_at IS NULL
    GROUP BY project_id
) x ON x.project_id = p.id
SET p.unanswered_from = x.first_id;
