-- GitHub sign-in replaced email links: remember the provider id, and when an
-- account last signed in so dormant accounts can be cleaned up.

-- migrate:up
ALTER TABLE accounts ADD COLUMN github_id VARCHAR(64);
ALTER TABLE accounts ADD COLUMN last_login_at TIMESTAMP NULL;

-- migrate:down
ALTER TABLE accounts DROP COLUMN last_login_at;
ALTER TABLE accounts DROP COLUMN github_id;
