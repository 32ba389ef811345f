-- Deployments (Staging, Production, ...) of an app. Clients ask for updates
-- with the deployment key, so it must be globally unique.

-- migrate:up
CREATE TABLE deployments (
    id              VARCHAR(36)  NOT NULL,
    app_id          VARCHAR(36)  NOT NULL,
    name            VARCHAR(128) NOT NULL,
    deployment_key  VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT fk_deployments_app FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE CASCADE,
    CONSTRAINT uq_deployments_app_name UNIQUE (app_id, name),
    CONSTRAINT uq_deployments_key UNIQUE (deployment_key)
);

-- migrate:down
DROP TABLE deployments;
