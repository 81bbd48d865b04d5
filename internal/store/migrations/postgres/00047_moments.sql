-- +goose Up
-- The moment finder (issue 18): what it found in a recording's sound, and
-- the moments it suggests. Only where the family consented to "analysis";
-- withdrawing that consent deletes these rows.
CREATE TABLE moment_analyses (
    recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
    case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('processing','ready','no_audio','failed')),
    progress     INTEGER NOT NULL DEFAULT 0, -- per mille
    error        TEXT NOT NULL DEFAULT '',
    duration_ms  BIGINT NOT NULL DEFAULT 0,
    turn_count   INTEGER NOT NULL DEFAULT 0,
    initiatives  INTEGER NOT NULL DEFAULT 0,
    answered     INTEGER NOT NULL DEFAULT 0,
    timeline     TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX moment_analyses_case ON moment_analyses(case_id);

CREATE TABLE moment_suggestions (
    id            TEXT PRIMARY KEY,
    recording_id  TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    start_ms      BIGINT NOT NULL,
    end_ms        BIGINT NOT NULL,
    start_frame   INTEGER NOT NULL CHECK (start_frame >= 0),
    end_frame     INTEGER NOT NULL CHECK (end_frame >= start_frame),
    initiative_ms BIGINT NOT NULL,
    latency_ms    BIGINT NOT NULL,
    turns         INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('new','accepted','dismissed')),
    annotation_id TEXT NOT NULL DEFAULT '',
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    BIGINT
);
CREATE INDEX moment_suggestions_recording ON moment_suggestions(recording_id, start_ms);

-- +goose Down
DROP TABLE moment_suggestions;
DROP TABLE moment_analyses;
