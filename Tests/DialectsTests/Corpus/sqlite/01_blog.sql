-- A blog, as a typical small app writes it for SQLite.
PRAGMA foreign_keys = ON;

CREATE TABLE users (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT    NOT NULL COLLATE NOCASE,  -- login
    display_name varchar(80),
    is_admin    boolean NOT NULL DEFAULT 0,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    settings    JSON    DEFAULT ('{}'),
    CONSTRAINT users_email_unique UNIQUE (email),
    CHECK (length(email) >= 3)
);

CREATE TABLE posts (
    id        integer primary key,
    author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    slug      TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    body      TEXT,
    status    TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    score     REAL DEFAULT 0.0,
    published_at TIMESTAMP,
    deleted_at TIMESTAMP
);

CREATE INDEX posts_author ON posts (author_id, published_at DESC);
CREATE INDEX posts_live ON posts (published_at) WHERE deleted_at IS NULL AND status = 'published';
CREATE INDEX posts_title_lower ON posts (lower(title));

CREATE TABLE tags (
    name TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;

CREATE TABLE post_tags (
    post_id INTEGER NOT NULL,
    tag     TEXT    NOT NULL,
    PRIMARY KEY (post_id, tag),
    FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT post_tags_tag_fk FOREIGN KEY (tag) REFERENCES tags ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;

CREATE TABLE comments (
    id        INTEGER PRIMARY KEY,
    post_id   INTEGER NOT NULL REFERENCES posts ON DELETE CASCADE,
    parent_id INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    author    TEXT DEFAULT 'anonymous',
    body      TEXT NOT NULL,
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX comments_thread ON comments (post_id, parent_id);

CREATE VIEW published_posts AS
    SELECT p.id, p.title, u.display_name AS author
    FROM posts p JOIN users u ON u.id = p.author_id
    WHERE p.status = 'published' AND p.deleted_at IS NULL;

CREATE VIEW recent_published (post_id, post_title) AS
    SELECT id, title FROM published_posts ORDER BY id DESC LIMIT 10;
