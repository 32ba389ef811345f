-- Release management: record how each package came to be (uploaded, promoted
-- from another deployment, or a rollback) instead of guessing it from
-- original_label / original_deployment in every report. Existing rows are
-- backfilled from those two columns.

-- migrate:up
ALTER TABLE packages ADD COLUMN release_method VARCHAR(16) NOT NULL DEFAULT 'Upload'
    CHECK (release_method IN ('Upload', 'Promote', 'Rollback'));

UPDATE packages
SET release_method = CASE
        WHEN original_deployment IS NOT NULL THEN 'Promote'
        WHEN original_label IS NOT NULL THEN 'Rollback'
        ELSE 'Upload'
    END;

-- migrate:down
ALTER TABLE packages DROP COLUMN release_method;
