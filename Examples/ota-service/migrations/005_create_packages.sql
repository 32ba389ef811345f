-- Packages are the releases of a deployment: v1, v2, ... per deployment.
-- app_version is a semver range ("^1.2.0", "1.2.x") of the binaries a release
-- targets. original_label / original_deployment are filled when a package was
-- promoted or rolled back, as the CLI reports them.

-- migrate:up
CREATE TABLE packages (
    id                   VARCHAR(36)  NOT NULL,
    deployment_id        VARCHAR(36)  NOT NULL,
    label                VARCHAR(16)  NOT NULL,
    app_version          VARCHAR(64)  NOT NULL,
    package_hash         VARCHAR(64)  NOT NULL,
    blob_url             TEXT         NOT NULL,
    size                 BIGINT       NOT NULL,
    description          TEXT,
    rollout              INTEGER,
    is_mandatory         BOOLEAN      NOT NULL DEFAULT FALSE,
    is_disabled          BOOLEAN      NOT NULL DEFAULT FALSE,
    original_label       VARCHAR(16),
    original_deployment  VARCHAR(128),
    released_by          VARCHAR(36),
    upload_time          TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT fk_packages_deployment FOREIGN KEY (deployment_id)
        REFERENCES deployments (id) ON DELETE CASCADE,
    CONSTRAINT fk_packages_released_by FOREIGN KEY (released_by)
        REFERENCES accounts (id) ON DELETE SET NULL,
    CONSTRAINT uq_packages_deployment_label UNIQUE (deployment_id, label),
    CONSTRAINT ck_packages_size CHECK (size >= 0),
    CONSTRAINT ck_packages_rollout CHECK (rollout IS NULL OR (rollout >= 1 AND rollout <= 100))
);

-- The update check reads the newest packages of one deployment.
CREATE INDEX idx_packages_deployment_time ON packages (deployment_id, upload_time);

-- migrate:down
DROP TABLE packages;
