-- Objects Strata carries without modelling.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT,
    words INTEGER GENERATED ALWAYS AS (length(body) - length(replace(body, ' ', '')) + 1) VIRTUAL,
    title_upper TEXT AS (upper(title)) STORED,
    updated_at TEXT
);
CREATE INDEX documents_words ON documents (words);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content='documents', content_rowid='id');

CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER documents_touch AFTER UPDATE OF title, body ON documents
WHEN old.updated_at IS new.updated_at
BEGIN
    UPDATE documents SET updated_at = datetime('now') WHERE id = new.id;
END;

CREATE TABLE settings (
    key TEXT PRIMARY KEY ON CONFLICT REPLACE,
    value TEXT
);

CREATE VIEW document_titles AS SELECT id, title FROM documents;
CREATE TRIGGER document_titles_insert INSTEAD OF INSERT ON document_titles BEGIN
    INSERT INTO documents (title) VALUES (new.title);
END;

CREATE TABLE strata_migrations (version TEXT PRIMARY KEY, checksum TEXT) WITHOUT ROWID;
CREATE TABLE strata_migrations_log (id INTEGER PRIMARY KEY, version TEXT);
CREATE INDEX strata_migrations_log_version ON strata_migrations_log (version);
CREATE TRIGGER strata_log_guard BEFORE DELETE ON strata_migrations_log BEGIN SELECT RAISE(ABORT, 'append only'); END;
