-- Reverts 009_index_enabled_packages.up.sql (PostgreSQL, SQLite).
DROP INDEX idx_packages_enabled;
