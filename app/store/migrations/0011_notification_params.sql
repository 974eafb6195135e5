-- Notifications said in the reader's language (issue 13): a row keeps what happened as a kind
-- and parameters (ids, names, numbers) in a JSON object; the interface writes the sentence and
-- builds the link from the ids. Until now rows held a French title, body and a frontend route.
--
-- The old rows are read back into parameters from the sentences the portal wrote (string
-- functions only, no regular expressions: MySQL 8 and MariaDB both run this). A row whose
-- sentence does not match (an overdue alert, a title cut at 300 characters, a deliverable since
-- deleted or renamed) keeps its French text as the parameters "text" and "body", shown as they
-- are in every language.
ALTER TABLE notifications ADD COLUMN params JSON NULL AFTER project_id;

-- "Nouveau message de {author} — {project}", the body being the excerpt.
UPDATE notifications
SET params = JSON_OBJECT('project_id', project_id,
        'author', SUBSTRING_INDEX(SUBSTRING(title, CHAR_LENGTH('Nouveau message de ') + 1), ' — ', 1),
        'project', SUBSTRING(title, CHAR_LENGTH('Nouveau message de ') + CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING(title, CHAR_LENGTH('Nouveau message de ') + 1), ' — ', 1)) + 4),
        'excerpt', body)
WHERE kind = 'message' AND project_id IS NOT NULL AND title LIKE 'Nouveau message de % — %';

-- "Étape livrée : {step} — {project}".
UPDATE notifications
SET params = JSON_OBJECT('project_id', project_id,
        'step', SUBSTRING_INDEX(SUBSTRING(title, CHAR_LENGTH('Étape livrée : ') + 1), ' — ', 1),
        'project', SUBSTRING(title, CHAR_LENGTH('Étape livrée : ') + CHAR_LENGTH(SUBSTRING_INDEX(SUBSTRING(title, CHAR_LENGTH('Étape livrée : ') + 1), ' — ', 1)) + 4))
WHERE kind = 'milestone' AND project_id IS NOT NULL AND title LIKE 'Étape livrée : % — %';

-- "Le projet {project} est maintenant « {status label} »".
UPDATE notifications
SET params = JSON_OBJECT('project_id', project_id,
        'project', SUBSTRING(title, CHAR_LENGTH('Le projet ') + 1, CHAR_LENGTH(title) - CHAR_LENGTH('Le projet ') - CHAR_LENGTH(' est maintenant « En cours »')),
        'status', 'en_cours')
WHERE kind = 'status' AND project_id IS NOT NULL AND title LIKE 'Le projet % est maintenant « En cours »';
UPDATE notifications
SET params = JSON_OBJECT('project_id', project_id,
        'project', SUBSTRING(title, CHAR_LENGTH('Le projet ') + 1, CHAR_LENGTH(title) - CHAR_LENGTH('Le projet ') - CHAR_LENGTH(' est maintenant « En pause »')),
        'status', 'en_pause')
WHERE kind = 'status' AND project_id IS NOT NULL AND title LIKE 'Le projet % est maintenant « En pause »';
UPDATE notifications
SET params = JSON_OBJECT('project_id', project_id,
        'project', SUBSTRING(title, CHAR_LENGTH('Le projet ') + 1, CHAR_LENGTH(title) - CHAR_LENGTH('Le projet ') - CHAR_LENGTH(' est maintenant « Terminé »')),
        'status', 'termine')
WHERE kind = 'status' AND project_id IS NOT NULL AND title LIKE 'Le projet % est maintenant « Terminé »';

-- "Nouveau livrable à valider : {deliverable} — {project}" and "Nouvelle version (v{n}) à
-- valider : ...": the deliverable is found by its title in the project, which gives its id and
-- the version's exact size (the body only had it written in French).
UPDATE notifications n
JOIN deliverables d ON d.project_id = n.project_id
JOIN deliverable_versions v ON v.deliverable_id = d.id AND v.number = 1
SET n.params = JSON_OBJECT('project_id', n.project_id, 'deliverable_id', d.id, 'deliverable', d.title, 'version', 1,
        'file', v.file_name, 'size', v.size,
        'project', SUBSTRING(n.title, CHAR_LENGTH(CONCAT('Nouveau livrable à valider : ', d.title, ' — ')) + 1))
WHERE n.kind = 'deliverable' AND n.params IS NULL
    AND LEFT(n.title, CHAR_LENGTH(CONCAT('Nouveau livrable à valider : ', d.title, ' — '))) = CONCAT('Nouveau livrable à valider : ', d.title, ' — ');
UPDATE notifications n
JOIN deliverables d ON d.project_id = n.project_id
JOIN deliverable_versions v ON v.deliverable_id = d.id AND v.number > 1
SET n.params = JSON_OBJECT('project_id', n.project_id, 'deliverable_id', d.id, 'deliverable', d.title, 'version', v.number,
        'file', v.file_name, 'size', v.size,
        'project', SUBSTRING(n.title, CHAR_LENGTH(CONCAT('Nouvelle version (v', v.number, ') à valider : ', d.title, ' — ')) + 1))
WHERE n.kind = 'deliverable' AND n.params IS NULL
    AND LEFT(n.title, CHAR_LENGTH(CONCAT('Nouvelle version (v', v.number, ') à valider : ', d.title, ' — '))) = CONCAT('Nouvelle version (v', v.number, ') à valider : ', d.title, ' — ');

-- "{author} a validé « {deliverable} » v{n} — {project}" and "{author} demande des
-- modifications sur « {deliverable} » v{n} — {project}", the body being the comment.
UPDATE notifications n
JOIN deliverables d ON d.project_id = n.project_id
JOIN deliverable_versions v ON v.deliverable_id = d.id
SET n.params = JSON_OBJECT('project_id', n.project_id, 'deliverable_id', d.id, 'deliverable', d.title, 'version', v.number,
        'decision', 'valide', 'comment', n.body,
        'author', LEFT(n.title, LOCATE(CONCAT(' a validé « ', d.title, ' » v', v.number, ' — '), n.title) - 1),
        'project', SUBSTRING(n.title, LOCATE(CONCAT(' a validé « ', d.title, ' » v', v.number, ' — '), n.title) + CHAR_LENGTH(CONCAT(' a validé « ', d.title, ' » v', v.number, ' — '))))
WHERE n.kind = 'decision' AND n.params IS NULL AND LOCATE(CONCAT(' a validé « ', d.title, ' » v', v.number, ' — '), n.title) > 1;
UPDATE notifications n
JOIN deliverables d ON d.project_id = n.project_id
JOIN deliverable_versions v ON v.deliverable_id = d.id
SET n.params = JSON_OBJECT('project_id', n.project_id, 'deliverable_id', d.id, 'deliverable', d.title, 'version', v.number,
        'decision', 'modifications', 'comment', n.body,
        'author', LEFT(n.title, LOCATE(CONCAT(' demande des modifications sur « ', d.title, ' » v', v.number, ' — '), n.title) - 1),
        'project', SUBSTRING(n.title, LOCATE(CONCAT(' demande des modifications sur « ', d.title, ' » v', v.number, ' — '), n.title) + CHAR_LENGTH(CONCAT(' demande des modifications sur « ', d.title, ' » v', v.number, ' — '))))
WHERE n.kind = 'decision' AND n.params IS NULL AND LOCATE(CONCAT(' demande des modifications sur « ', d.title, ' » v', v.number, ' — '), n.title) > 1;

-- "Échec de la tâche planifiée : {job}", the body being the error.
UPDATE notifications
SET params = JSON_OBJECT('job', SUBSTRING(title, CHAR_LENGTH('Échec de la tâche planifiée : ') + 1), 'error', body)
WHERE kind = 'job_failure' AND title LIKE 'Échec de la tâche planifiée : %';

-- Everything else keeps its French text.
UPDATE notifications SET params = JSON_OBJECT('project_id', project_id, 'text', title, 'body', body)
WHERE params IS NULL AND project_id IS NOT NULL;
UPDATE notifications SET params = JSON_OBJECT('text', title, 'body', body) WHERE params IS NULL;

ALTER TABLE notifications
    MODIFY params JSON NOT NULL,
    DROP COLUMN title,
    DROP COLUMN body,
    DROP COLUMN link;
