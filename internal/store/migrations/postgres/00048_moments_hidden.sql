-- +goose Up
-- A guider may hide the moment finder's figures on a case page, and turn a
-- suggestion into a clip instead of a coded moment (issue 18).
ALTER TABLE moment_suggestions ADD COLUMN clip_id TEXT NOT NULL DEFAULT '';
CREATE TABLE moment_case_settings (
    case_id    TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    hidden     INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE moment_case_settings;
ALTER TABLE moment_suggestions DROP COLUMN clip_id;
