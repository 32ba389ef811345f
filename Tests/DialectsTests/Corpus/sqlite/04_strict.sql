-- STRICT and WITHOUT ROWID tables (SQLite 3.37+).
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE,
    balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
    payload ANY,
    avatar BLOB,
    ratio REAL DEFAULT 1.0,
    legacy INT
) STRICT;

CREATE TABLE ledger (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE RESTRICT,
    seq INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    note TEXT,
    PRIMARY KEY (account_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX ledger_big ON ledger (amount) WHERE abs(amount) > 1000;

CREATE TABLE sessions (
    token TEXT NOT NULL PRIMARY KEY,
    account_id INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    FOREIGN KEY (account_id) REFERENCES accounts ON DELETE CASCADE
) WITHOUT ROWID, STRICT;
