-- Notes with a full-text index kept in sync by triggers.
BEGIN TRANSACTION;

CREATE TABLE notes (
    id      INTEGER PRIMARY KEY,
    title   TEXT NOT NULL,
    body    TEXT DEFAULT '',
    [order] INTEGER,
    `kind`  TEXT CHECK (kind IN ('a;b', 'c'))
);

CREATE TEMP TRIGGER IF NOT EXISTS notes_ai AFTER INSERT ON notes
WHEN NEW.title <> ''
BEGIN
    INSERT INTO notes_log (note_id, action) VALUES (NEW.id, 'insert');
    UPDATE notes
       SET [order] = CASE WHEN NEW.[order] IS NULL THEN NEW.id ELSE NEW.[order] END
     WHERE id = NEW.id;
END;

CREATE TRIGGER notes_bd BEFORE DELETE ON notes
BEGIN
    SELECT RAISE(ABORT, 'notes are kept; archive instead') WHERE OLD.kind = 'c';
END;

COMMIT;
/* an open comment at the end is fine in SQLite; DROP TABLE notes;
