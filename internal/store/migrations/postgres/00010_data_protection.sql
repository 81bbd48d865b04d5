-- +goose Up
-- Data protection: the service's retention rules (one row), legal holds that
-- stop deletion for a case, break-glass grants, and notifications shown on
-- a person's dashboard.
CREATE TABLE retention_rules (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    footage_days      INTEGER NOT NULL DEFAULT 60 CHECK (footage_days >= 0),
    records_age       INTEGER NOT NULL DEFAULT 25 CHECK (records_age >= 0),
    records_years     INTEGER NOT NULL DEFAULT 8 CHECK (records_years >= 0),
    audit_years       INTEGER NOT NULL DEFAULT 8 CHECK (audit_years >= 0),
    dp_contact        TEXT NOT NULL DEFAULT '',
    updated_at        BIGINT NOT NULL DEFAULT 0,
    updated_by        TEXT NOT NULL DEFAULT ''
);
INSERT INTO retention_rules (id) VALUES (1);

CREATE TABLE legal_holds (
    case_id   TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    reason    TEXT NOT NULL,
    placed_by TEXT NOT NULL,
    placed_at BIGINT NOT NULL
);

CREATE TABLE break_glass (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    granted_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    reviewed_at BIGINT,
    reviewed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX break_glass_user ON break_glass(user_id, case_id, expires_at);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    text       TEXT NOT NULL,
    case_id    TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);

CREATE TABLE sar_exports (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    created_by  TEXT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    blob_key    TEXT NOT NULL,
    wrapped_key BYTEA NOT NULL,
    size        BIGINT NOT NULL,
    withheld    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sar_exports_case ON sar_exports(case_id);

-- +goose Down
DROP TABLE sar_exports;
DROP TABLE notifications;
DROP TABLE break_glass;
DROP TABLE legal_holds;
DROP TABLE retention_rules;
