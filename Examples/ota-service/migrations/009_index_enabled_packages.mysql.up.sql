-- MySQL/MariaDB have no partial indexes: index the flag as the last column
-- instead, so the update check can still seek on (deployment, version, enabled).
CREATE INDEX idx_packages_enabled ON packages (deployment_id, app_version, is_disabled);
