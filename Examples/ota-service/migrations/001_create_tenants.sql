-- Tenants (organisations) own apps, so a company can share apps between its
-- people without every app being tied to one personal account.

-- migrate:up
CREATE TABLE tenants (
    id            VARCHAR(36)  NOT NULL,
    display_name  VARCHAR(128) NOT NULL,
    created_by    VARCHAR(36),
    created_at    TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT fk_tenants_created_by FOREIGN KEY (created_by)
        REFERENCES accounts (id) ON DELETE SET NULL
);

-- migrate:down
DROP TABLE tenants;
