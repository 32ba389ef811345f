-- Apps as registered with `ota app add`. The name is unique inside a tenant;
-- os and platform are closed lists the update endpoint dispatches on.

-- migrate:up
CREATE TABLE apps (
    id          VARCHAR(36)  NOT NULL,
    tenant_id   VARCHAR(36),
    name        VARCHAR(128) NOT NULL,
    os          VARCHAR(16)  NOT NULL,
    platform    VARCHAR(32)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT fk_apps_tenant FOREIGN KEY (tenant_id)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT uq_apps_tenant_name UNIQUE (tenant_id, name),
    CONSTRAINT ck_apps_os CHECK (os IN ('iOS', 'Android', 'Windows')),
    CONSTRAINT ck_apps_platform CHECK (platform IN ('React-Native', 'Cordova', 'Electron'))
);

-- migrate:down
DROP TABLE apps;
