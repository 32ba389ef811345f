-- Who may release an app. Exactly one Owner per app is enforced by the API;
-- the table only keeps the permission to the two known values.

-- migrate:up
CREATE TABLE collaborators (
    app_id      VARCHAR(36) NOT NULL,
    account_id  VARCHAR(36) NOT NULL,
    permission  VARCHAR(16) NOT NULL DEFAULT 'Collaborator',
    added_at    TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (app_id, account_id),
    CONSTRAINT fk_collaborators_app FOREIGN KEY (app_id)
        REFERENCES apps (id) ON DELETE CASCADE,
    CONSTRAINT fk_collaborators_account FOREIGN KEY (account_id)
        REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT ck_collaborators_permission CHECK (permission IN ('Owner', 'Collaborator'))
);

CREATE INDEX idx_collaborators_account ON collaborators (account_id);

-- migrate:down
DROP TABLE collaborators;
