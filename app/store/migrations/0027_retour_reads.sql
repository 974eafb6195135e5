-- Read markers of the retours' threads (issue 14, §2): each reader's marker per retour, kept as
-- the project conversation's are (0018). A retour keeps how many messages its thread holds that
-- are not deleted (messages_all for the staff, messages_public without the internal notes, for
-- clients), maintained under the project row's lock that every post and deletion takes first;
-- each reader's marker keeps how many of them it had seen, counted with the reader's own
-- visibility. A reader's unread count on a list is the difference: one primary-key lookup per
-- retour of the page. A post counts as seen by its author.
ALTER TABLE retours
    ADD COLUMN messages_all INT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN messages_public INT UNSIGNED NOT NULL DEFAULT 0;

CREATE TABLE retour_reads (
    user_id   BIGINT UNSIGNED NOT NULL,
    retour_id BIGINT UNSIGNED NOT NULL,
    last_read BIGINT UNSIGNED NOT NULL,
    seen      INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, retour_id),
    KEY ix_retour_reads_retour (retour_id, last_read),
    CONSTRAINT fk_retour_reads_retour FOREIGN KEY (retour_id) REFERENCES retours (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The statements below are replayed after a bulk load (store.RecountUnread).
UPDATE retours r LEFT JOIN (
    SELECT retour_id, COUNT(*) AS n_all, SUM(NOT internal) AS n_public FROM messages
    WHERE deleted_at IS NULL AND retour_id IS NOT NULL GROUP BY retour_id
) x ON x.retour_id = r.id
SET r.messages_all = COALESCE(x.n_all, 0), r.messages_public = COALESCE(x.n_public, 0);

-- Threads written before the markers: their authors have seen their own messages; everyone else
-- has them to read.
INSERT IGNORE INTO retour_reads (user_id, retour_id, last_read)
SELECT DISTINCT author_id, retour_id, 0 FROM messages WHERE retour_id IS NOT NULL;

UPDATE retour_reads rr JOIN users u ON u.id = rr.user_id JOIN retours r ON r.id = rr.retour_id
SET rr.seen = IF(u.role = 'admin', r.messages_all, r.messages_public) - (
    SELECT COUNT(*) FROM messages m WHERE m.project_id = r.project_id AND m.retour_id = rr.retour_id AND m.id > rr.last_read
    AND m.author_id <> rr.user_id AND m.deleted_at IS NULL AND (u.role = 'admin' OR NOT m.internal));
