-- migrate:up
CREATE UNIQUE INDEX notes_slug ON notes (slug);

-- migrate:down
DROP INDEX notes_slug;
