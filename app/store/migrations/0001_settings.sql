-- Install-wide settings that admins change from the portal (company name, logo...), as
-- key/value rows so that adding one needs no migration.
CREATE TABLE settings (
    name       VARCHAR(100) NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
