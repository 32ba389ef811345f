-- Releases can now be triggered by a push: remember which commit (and which
-- webhook delivery) produced a package, and which branch auto-releases to a
-- deployment (NULL = manual releases only).

-- migrate:up
CREATE TABLE package_sources (
    package_id           VARCHAR(36)  NOT NULL,
    commit_id            VARCHAR(36)  NOT NULL,
    webhook_delivery_id  VARCHAR(36),
    build_id             VARCHAR(128),
    PRIMARY KEY (package_id),
    CONSTRAINT fk_package_sources_package FOREIGN KEY (package_id)
        REFERENCES packages (id) ON DELETE CASCADE,
    CONSTRAINT fk_package_sources_commit FOREIGN KEY (commit_id)
        REFERENCES source_commits (id) ON DELETE CASCADE,
    CONSTRAINT fk_package_sources_delivery FOREIGN KEY (webhook_delivery_id)
        REFERENCES webhook_deliveries (id) ON DELETE SET NULL
);

CREATE INDEX idx_package_sources_commit ON package_sources (commit_id);

ALTER TABLE deployments ADD COLUMN auto_release_branch VARCHAR(128);

-- migrate:down
ALTER TABLE deployments DROP COLUMN auto_release_branch;
DROP TABLE package_sources;
