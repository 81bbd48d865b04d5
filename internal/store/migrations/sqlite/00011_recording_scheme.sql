-- +goose Up
-- Each recording is coded with one coding scheme, chosen before its first
-- moment or clip (the default: the principles of attuned interaction).
ALTER TABLE recordings ADD COLUMN scheme_id TEXT NOT NULL DEFAULT 'default';

-- +goose Down
ALTER TABLE recordings DROP COLUMN scheme_id;
