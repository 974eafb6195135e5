-- The team's response time is kept on write: each client message records when the staff first
-- answered in its conversation, so the statistic is one indexed aggregate, not a scan of every
-- conversation.
ALTER TABLE messages
    ADD COLUMN author_role VARCHAR(10) NOT NULL DEFAULT '',
    ADD COLUMN answered_at DATETIME(6) NULL,
    ADD KEY ix_messages_role_created (author_role, created_at);

UPDATE messages m JOIN users u ON u.id = m.author_id SET m.author_role = u.role;

UPDATE messages m JOIN (
    SELECT c.id, MIN(s.created_at) AS answered
    FROM messages c JOIN messages s ON s.project_id = c.project_id AND s.id > c.id AND s.author_role = 'admin'
    WHERE c.author_role = 'client'
    GROUP BY c.id
) x ON x.id = m.id
SET m.answered_at = x.answered;
