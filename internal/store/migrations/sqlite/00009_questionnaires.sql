-- +goose Up
-- Outcome measures: instrument versions (the definition as JSON; a change
-- makes a new version), their assignment to a case at a time point with the
-- parent's link (only its hash is kept), answers saved as the parent goes,
-- the scored result, and risk alerts for the guider.
CREATE TABLE instruments (
    id         TEXT PRIMARY KEY,
    key        TEXT NOT NULL,
    version    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('bundled','imported')),
    definition TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (key, version)
);

CREATE TABLE q_assignments (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    instrument_id TEXT NOT NULL REFERENCES instruments(id),
    point         TEXT NOT NULL CHECK (point IN ('baseline','cycle','end','follow_up')),
    cycle         INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('open','completed','cancelled')),
    token_hash    TEXT UNIQUE,
    expires_at    BIGINT NOT NULL,
    language      TEXT NOT NULL DEFAULT 'en',
    created_by    TEXT NOT NULL REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    completed_at  BIGINT,
    completed_by  TEXT NOT NULL DEFAULT '',
    total         REAL,
    band          TEXT NOT NULL DEFAULT '',
    score         TEXT NOT NULL DEFAULT '',
    risk          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX q_assignments_case ON q_assignments(case_id, created_at);
CREATE INDEX q_assignments_done ON q_assignments(status, completed_at);

CREATE TABLE q_answers (
    assignment_id TEXT NOT NULL REFERENCES q_assignments(id) ON DELETE CASCADE,
    link_id       TEXT NOT NULL,
    value         TEXT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (assignment_id, link_id)
);

CREATE TABLE q_alerts (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    assignment_id TEXT NOT NULL REFERENCES q_assignments(id) ON DELETE CASCADE,
    created_at    BIGINT NOT NULL,
    seen_at       BIGINT,
    seen_by       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX q_alerts_case ON q_alerts(case_id, seen_at);

-- +goose Down
DROP TABLE q_alerts;
DROP TABLE q_answers;
DROP TABLE q_assignments;
DROP TABLE instruments;
