-- Access keys for the CLI and CI (`ota access-key add`). Only a hash of the
-- key is stored; the lookup on every API call goes through the unique index.

-- migrate:up
CREATE TABLE access_keys (
    id             VARCHAR(36)  NOT NULL,
    account_id     VARCHAR(36)  NOT NULL,
    key_hash       VARCHAR(64)  NOT NULL,
    friendly_name  VARCHAR(128) NOT NULL,
    created_by     VARCHAR(128),
    created_at     TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at     TIMESTAMP    NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_access_keys_account FOREIGN KEY (account_id)
        REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT uq_access_keys_friendly_name UNIQUE (account_id, friendly_name)
);

CREATE UNIQUE INDEX ux_access_keys_key_hash ON access_keys (key_hash);

-- migrate:down
DROP TABLE access_keys;
