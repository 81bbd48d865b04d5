-- +goose Up
-- The family's side: the parents a guider invites to their case's portal,
-- their one-time sign-in links and codes (hashes only), their long-lived
-- device sessions, their requests to the guider, the Resources page's
-- uploaded pictures and videos, and languages a service adds.
CREATE TABLE family_members (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL DEFAULT 'en',
    pin_hash       TEXT NOT NULL DEFAULT '',
    failed         INTEGER NOT NULL DEFAULT 0,
    last_failed_at BIGINT NOT NULL DEFAULT 0,
    invited_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    ended_at       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX family_members_case ON family_members(case_id);
CREATE INDEX family_members_email ON family_members(email);

CREATE TABLE family_passes (
    hash       TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES family_members(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('link', 'code')),
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX family_passes_member ON family_passes(member_id);

CREATE TABLE family_sessions (
    id_hash      TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES family_members(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    unlocked_at  BIGINT NOT NULL DEFAULT 0,
    lang         TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX family_sessions_member ON family_sessions(member_id);

CREATE TABLE family_requests (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    member_id  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('film', 'data')),
    film_id    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'open',
    created_at BIGINT NOT NULL,
    done_by    TEXT NOT NULL DEFAULT '',
    done_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX family_requests_case ON family_requests(case_id, status);

CREATE TABLE family_media (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('image', 'video')),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    blob_key     TEXT NOT NULL,
    wrapped_key  BLOB NOT NULL,
    size         BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE family_locales (
    lang       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    catalogue  TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE family_locales;
DROP TABLE family_media;
DROP TABLE family_requests;
DROP TABLE family_sessions;
DROP TABLE family_passes;
DROP TABLE family_members;
