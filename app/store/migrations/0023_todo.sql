-- « À traiter » (issue 14, §4): what waits for the staff is read from the retours in order of
-- how long they have waited (their last change, updated_at, then id), one state at a time, by
-- state for the new and reopened ones and by priority then state for the bloquants, so that each
-- read stops at the page's size; kind and opened_role are carried so that leaving out the
-- questions the staff asked the client needs no row read.
ALTER TABLE retours
    ADD KEY ix_retours_waiting (status, updated_at, id, kind, opened_role),
    ADD KEY ix_retours_blocking (priority, status, updated_at, id, kind, opened_role);

-- The daily alert of the retours past the response delay: one row per retour and day, so that
-- each is alerted once a day whatever the number of runs.
CREATE TABLE retour_late_alerts (
    retour_id BIGINT UNSIGNED NOT NULL,
    day       DATE NOT NULL,
    sent_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (retour_id, day),
    CONSTRAINT fk_retour_late_alerts_retour FOREIGN KEY (retour_id) REFERENCES retours (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
