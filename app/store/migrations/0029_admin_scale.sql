-- The admin side at ten times the scale dataset (issue 18): MariaDB's slow log of the 10× run
-- showed statistics and dashboard queries whose cost grew with the data.

-- The figures of the period's retours (store.RetourFiguresOf, spread) count and rank the rows
-- having acknowledged_at / first_resolved_at and read reopen_count: with ix_retours_created on
-- created_at alone, each of the period's rows was a primary-key lookup (56 s over 888 212 rows
-- at 10×). The same index, extended, covers them (same leading column: RetoursByMonth's
-- "opened" series reads it as before); a client's figures get their own covering range.
ALTER TABLE retours
    DROP KEY ix_retours_created,
    ADD KEY ix_retours_created (created_at, acknowledged_at, first_resolved_at, reopen_count),
    ADD KEY ix_retours_client_created (client_id, created_at, acknowledged_at, first_resolved_at, reopen_count);

-- The admin dashboard's version (store.OverviewVersion) reads the latest change of the clients
-- as it does the projects' (ix_projects_updated): one index dive, not a pass over the table.
ALTER TABLE clients ADD KEY ix_clients_updated (updated_at);
