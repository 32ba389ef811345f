-- Source-control integration: an app can be linked to the repository it is
-- built from (one repository may back the iOS and the Android app).

-- migrate:up
CREATE TABLE source_repositories (
    id                   VARCHAR(36)  NOT NULL,
    app_id               VARCHAR(36)  NOT NULL,
    provider             VARCHAR(32)  NOT NULL,
    owner                VARCHAR(128) NOT NULL,
    name                 VARCHAR(128) NOT NULL,
    default_branch       VARCHAR(128) NOT NULL DEFAULT 'main',
    webhook_secret_hash  VARCHAR(128),
    linked_by            VARCHAR(36),
    linked_at            TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT fk_source_repositories_app FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE CASCADE,
    CONSTRAINT fk_source_repositories_linked_by FOREIGN KEY (linked_by)
        REFERENCES accounts (id) ON DELETE SET NULL,
    CONSTRAINT uq_source_repositories_app_repo UNIQUE (app_id, provider, owner, name),
    CONSTRAINT ck_source_repositories_provider
        CHECK (provider IN ('github', 'gitlab', 'bitbucket', 'azure-devops'))
);

CREATE INDEX idx_source_repositories_repo ON source_repositories (provider, owner, name);

-- migrate:down
DROP TABLE source_repositories;
