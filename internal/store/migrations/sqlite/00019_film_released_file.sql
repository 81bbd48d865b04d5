-- +goose Up
-- The rendered file released to the family: they keep seeing it while the
-- guider re-renders, until the guider releases again. '' for films released
-- before this column (the family then sees the current render).
ALTER TABLE films ADD COLUMN released_file TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE films DROP COLUMN released_file;
