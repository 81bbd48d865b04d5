-- +goose Up
-- Films: an ordered list of title cards, clips and stills made for a case
-- (and the cycle under way when made), their rendered file and its cached
-- segments (encrypted like every file), the shared review's words, and a
-- small table of service settings an administrator changes.
CREATE TABLE films (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    cycle            INTEGER NOT NULL DEFAULT 0,
    title            TEXT NOT NULL,
    version          INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft','queued','rendering','ready','failed','cancelled')),
    progress         DOUBLE PRECISION NOT NULL DEFAULT 0,
    error            TEXT NOT NULL DEFAULT '',
    job_id           BIGINT NOT NULL DEFAULT 0,
    rendered_version INTEGER NOT NULL DEFAULT 0,
    segments_made    INTEGER NOT NULL DEFAULT 0,
    segments_reused  INTEGER NOT NULL DEFAULT 0,
    format           TEXT NOT NULL DEFAULT '',
    released_at      BIGINT,
    released_by      TEXT NOT NULL DEFAULT '',
    next_steps       TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL REFERENCES users(id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX films_case ON films(case_id, created_at);

-- A clip or still is referred to by id, without a foreign key: erasing a
-- recording must never be blocked by a film (the film then says what is gone).
CREATE TABLE film_items (
    film_id  TEXT NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('title','clip','still')),
    text     TEXT NOT NULL DEFAULT '',
    seconds  DOUBLE PRECISION NOT NULL DEFAULT 0,
    clip_id  TEXT NOT NULL DEFAULT '',
    still_id TEXT NOT NULL DEFAULT '',
    speed    DOUBLE PRECISION NOT NULL DEFAULT 1,
    caption  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (film_id, id)
);
CREATE INDEX film_items_clip ON film_items(clip_id);

-- The parent's own words against one item, written in the shared review.
CREATE TABLE film_words (
    film_id    TEXT NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    item_id    TEXT NOT NULL,
    words      TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (film_id, item_id)
);

-- The rendered film (kind 'video') and its cached segments (kind 'segment',
-- keyed by the hash of what they were made from).
CREATE TABLE film_files (
    id          TEXT PRIMARY KEY,
    film_id     TEXT NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('video','segment')),
    hash        TEXT NOT NULL DEFAULT '',
    blob_key    TEXT NOT NULL UNIQUE,
    wrapped_key BYTEA NOT NULL,
    size        BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX film_files_film ON film_files(film_id, kind, hash);

CREATE TABLE service_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE service_settings;
DROP TABLE film_files;
DROP TABLE film_words;
DROP TABLE film_items;
DROP TABLE films;
