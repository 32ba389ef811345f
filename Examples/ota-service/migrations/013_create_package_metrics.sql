-- Install metrics reported by the client SDK, aggregated per package by the
-- metrics worker (one row per package, counters only ever grow).

-- migrate:up
CREATE TABLE package_metrics (
    package_id        VARCHAR(36) NOT NULL,
    active_count      BIGINT      NOT NULL DEFAULT 0,
    downloaded_count  BIGINT      NOT NULL DEFAULT 0,
    installed_count   BIGINT      NOT NULL DEFAULT 0,
    failed_count      BIGINT      NOT NULL DEFAULT 0,
    updated_at        TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (package_id),
    CONSTRAINT fk_package_metrics_package FOREIGN KEY (package_id)
        REFERENCES packages (id) ON DELETE CASCADE,
    CONSTRAINT ck_package_metrics_counts CHECK (
        active_count >= 0 AND downloaded_count >= 0
        AND installed_count >= 0 AND failed_count >= 0)
);

-- migrate:down
DROP TABLE package_metrics;
