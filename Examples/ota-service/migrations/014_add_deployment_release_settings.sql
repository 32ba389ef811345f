-- Per-deployment defaults for new releases, and the failure rate at which
-- the metrics worker disables a package automatically (NULL = never).

-- migrate:up
ALTER TABLE deployments ADD COLUMN default_rollout INTEGER NOT NULL DEFAULT 100
    CHECK (default_rollout >= 1 AND default_rollout <= 100);
ALTER TABLE deployments ADD COLUMN auto_disable_failure_pct INTEGER;
ALTER TABLE package_metrics ADD COLUMN rolled_back_count BIGINT NOT NULL DEFAULT 0;

-- migrate:down
ALTER TABLE package_metrics DROP COLUMN rolled_back_count;
ALTER TABLE deployments DROP COLUMN auto_disable_failure_pct;
ALTER TABLE deployments DROP COLUMN default_rollout;
