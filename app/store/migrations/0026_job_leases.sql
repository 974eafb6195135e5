-- One runner per scheduled job across every portal process on the database: a lease row taken
-- by an UPDATE checked on its rows affected, which works alike on one server, a primary and its
-- replicas, and a Galera cluster (where GET_LOCK is not replicated). owner is empty when no run
-- holds it; until then still keeps it, so that a process whose schedule fires a little later
-- than the one that ran does not run the same period again.
CREATE TABLE job_leases (
    name  VARCHAR(64) NOT NULL PRIMARY KEY,
    owner VARCHAR(120) NOT NULL DEFAULT '',
    until DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which process ran each run (host, process id), for the jobs page and for checking a cluster.
ALTER TABLE job_runs ADD COLUMN runner VARCHAR(120) NOT NULL DEFAULT '' AFTER job;
