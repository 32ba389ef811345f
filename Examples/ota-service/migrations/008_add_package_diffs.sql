-- Diff updates: the server now stores the package manifest and a JSON map
-- from an earlier package hash to the URL of the diff against it.

-- migrate:up
ALTER TABLE packages ADD COLUMN manifest_blob_url TEXT;
ALTER TABLE packages ADD COLUMN diff_package_map TEXT;

-- migrate:down
ALTER TABLE packages DROP COLUMN diff_package_map;
ALTER TABLE packages DROP COLUMN manifest_blob_url;
