-- Audit trail of release actions per deployment (release, promote, rollback,
-- patch of rollout/mandatory/disabled). Rows are never updated.

-- migrate:up
CREATE TABLE release_history (
    id             BIGINT      NOT NULL,
    deployment_id  VARCHAR(36) NOT NULL,
    package_id     VARCHAR(36),
    action         VARCHAR(16) NOT NULL,
    details        TEXT,
    performed_by   VARCHAR(36),
    performed_at   TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT fk_release_history_deployment FOREIGN KEY (deployment_id)
        REFERENCES deployments (id) ON DELETE CASCADE,
    CONSTRAINT fk_release_history_package FOREIGN KEY (package_id)
        REFERENCES packages (id) ON DELETE SET NULL,
    CONSTRAINT fk_release_history_performed_by FOREIGN KEY (performed_by)
        REFERENCES accounts (id) ON DELETE SET NULL,
    CONSTRAINT ck_release_history_action
        CHECK (action IN ('Release', 'Promote', 'Rollback', 'Patch', 'Clear'))
);

CREATE INDEX idx_release_history_deployment ON release_history (deployment_id, performed_at);

-- migrate:down
DROP TABLE release_history;
