-- Push webhooks from the providers, kept for replay and debugging, and the
-- commits they announced. delivery_id is the provider's id and is unique per
-- repository, which makes redelivered webhooks idempotent.

-- migrate:up
CREATE TABLE webhook_deliveries (
    id             VARCHAR(36) NOT NULL,
    repository_id  VARCHAR(36) NOT NULL,
    delivery_id    VARCHAR(64) NOT NULL,
    event          VARCHAR(32) NOT NULL,
    payload        TEXT,
    status         VARCHAR(16) NOT NULL DEFAULT 'received',
    received_at    TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT fk_webhook_deliveries_repository FOREIGN KEY (repository_id)
        REFERENCES source_repositories (id) ON DELETE CASCADE,
    CONSTRAINT uq_webhook_deliveries_delivery UNIQUE (repository_id, delivery_id),
    CONSTRAINT ck_webhook_deliveries_status
        CHECK (status IN ('received', 'processed', 'ignored', 'failed'))
);

CREATE TABLE source_commits (
    id             VARCHAR(36)  NOT NULL,
    repository_id  VARCHAR(36)  NOT NULL,
    sha            VARCHAR(40)  NOT NULL,
    branch         VARCHAR(128) NOT NULL,
    message        TEXT,
    author_email   VARCHAR(191),
    committed_at   TIMESTAMP    NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_source_commits_repository FOREIGN KEY (repository_id)
        REFERENCES source_repositories (id) ON DELETE CASCADE,
    CONSTRAINT uq_source_commits_sha UNIQUE (repository_id, sha)
);

CREATE INDEX idx_source_commits_branch ON source_commits (repository_id, branch, committed_at);

-- migrate:down
DROP TABLE source_commits;
DROP TABLE webhook_deliveries;
