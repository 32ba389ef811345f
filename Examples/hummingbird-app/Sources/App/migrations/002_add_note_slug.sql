-- migrate:up
ALTER TABLE notes ADD COLUMN slug VARCHAR(200);

-- migrate:down
ALTER TABLE notes DROP COLUMN slug;
