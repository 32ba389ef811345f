-- The update check only looks at packages that are not disabled, and nearly
-- all of them are enabled after cleanup: a partial index keeps it small.
-- PostgreSQL and SQLite support partial indexes; MySQL/MariaDB get a plain
-- index in 009_index_enabled_packages.mysql.up.sql.
CREATE INDEX idx_packages_enabled ON packages (deployment_id, app_version)
    WHERE is_disabled = FALSE;
