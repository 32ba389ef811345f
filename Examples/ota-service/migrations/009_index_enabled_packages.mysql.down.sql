-- Reverts 009_index_enabled_packages.mysql.up.sql; MySQL's DROP INDEX needs the table.
DROP INDEX idx_packages_enabled ON packages;
