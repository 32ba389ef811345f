-- Promotions between deployments (Staging -> Production), so the portal can
-- show where a production release was tested first and who promoted it.

-- migrate:up
CREATE TABLE promotions (
    id                   VARCHAR(36) NOT NULL,
    source_deployment_id VARCHAR(36) NOT NULL,
    source_package_id    VARCHAR(36) NOT NULL,
    target_deployment_id VARCHAR(36) NOT NULL,
    target_package_id    VARCHAR(36) NOT NULL,
    promoted_by          VARCHAR(36),
    promoted_at          TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT fk_promotions_source_deployment FOREIGN KEY (source_deployment_id)
        REFERENCES deployments (id) ON DELETE CASCADE,
    CONSTRAINT fk_promotions_source_package FOREIGN KEY (source_package_id)
        REFERENCES packages (id) ON DELETE CASCADE,
    CONSTRAINT fk_promotions_target_deployment FOREIGN KEY (target_deployment_id)
        REFERENCES deployments (id) ON DELETE CASCADE,
    CONSTRAINT fk_promotions_target_package FOREIGN KEY (target_package_id)
        REFERENCES packages (id) ON DELETE CASCADE,
    CONSTRAINT fk_promotions_promoted_by FOREIGN KEY (promoted_by)
        REFERENCES accounts (id) ON DELETE SET NULL,
    CONSTRAINT uq_promotions_target_package UNIQUE (target_package_id)
);

CREATE INDEX idx_promotions_source ON promotions (source_deployment_id, promoted_at);

-- migrate:down
DROP TABLE promotions;
