-- +goose Up
-- A film and a session belong to the cycle that was under way when they
-- were added (0: none, e.g. before the cycles started).
ALTER TABLE recordings ADD COLUMN cycle INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_sessions ADD COLUMN cycle INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE case_sessions DROP COLUMN cycle;
ALTER TABLE recordings DROP COLUMN cycle;
