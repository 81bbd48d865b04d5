-- +goose Up
-- The intervention: consent, goals and their ratings, the case's stage and
-- cycles, sessions, notes (including the closing letter's text) and the
-- personal calendar feeds.
CREATE TABLE consents (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    purposes        TEXT NOT NULL,
    given_by        TEXT NOT NULL,
    signature       TEXT NOT NULL,
    child_assent    INTEGER,
    retain_days     INTEGER,
    wording_version TEXT NOT NULL,
    recorded_by     TEXT NOT NULL REFERENCES users(id),
    created_at      BIGINT NOT NULL,
    withdrawn_at    BIGINT,
    withdrawn_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_case ON consents(case_id, created_at);

CREATE TABLE goals (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    helping_question TEXT NOT NULL,
    hoped            INTEGER NOT NULL CHECK (hoped BETWEEN 0 AND 10),
    status           TEXT NOT NULL CHECK (status IN ('open','closed')),
    created_at       BIGINT NOT NULL
);
CREATE INDEX goals_case ON goals(case_id, created_at);

CREATE TABLE goal_ratings (
    id         TEXT PRIMARY KEY,
    goal_id    TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    value      INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
    point      TEXT NOT NULL CHECK (point IN ('first_meeting','cycle','ending')),
    cycle      INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX goal_ratings_goal ON goal_ratings(goal_id, created_at);

CREATE TABLE case_stages (
    case_id    TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    stage      TEXT NOT NULL CHECK (stage IN ('first_meeting','cycles','ending','ended')),
    updated_at BIGINT NOT NULL
);

CREATE TABLE cycles (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('planned','filmed','edited','reviewed','cancelled')),
    parent_words TEXT NOT NULL DEFAULT '',
    next_steps   TEXT NOT NULL DEFAULT '',
    updated_at   BIGINT NOT NULL,
    UNIQUE (case_id, number)
);

CREATE TABLE case_sessions (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    starts_at  BIGINT NOT NULL,
    minutes    INTEGER NOT NULL,
    place      TEXT NOT NULL,
    attendance TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX case_sessions_case ON case_sessions(case_id, starts_at);

CREATE TABLE case_notes (
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, kind)
);

CREATE TABLE calendar_feeds (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
DROP TABLE case_notes;
DROP TABLE case_sessions;
DROP TABLE cycles;
DROP TABLE case_stages;
DROP TABLE goal_ratings;
DROP TABLE goals;
DROP TABLE consents;
