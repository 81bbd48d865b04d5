-- +goose Up
CREATE TABLE recordings (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    uploader_id TEXT NOT NULL REFERENCES users(id),
    filename    TEXT NOT NULL DEFAULT '',
    size        BIGINT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('uploading','processing','ready','failed')),
    progress    DOUBLE PRECISION NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    duration_ms BIGINT NOT NULL DEFAULT 0,
    frame_count INTEGER NOT NULL DEFAULT 0,
    fps         DOUBLE PRECISION NOT NULL DEFAULT 0,
    width       INTEGER NOT NULL DEFAULT 0,
    height      INTEGER NOT NULL DEFAULT 0,
    upload_key  BLOB,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX recordings_case ON recordings(case_id, created_at);
CREATE INDEX recordings_uploader ON recordings(uploader_id);

CREATE TABLE stored_files (
    id           TEXT PRIMARY KEY,
    recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    blob_key     TEXT NOT NULL UNIQUE,
    wrapped_key  BLOB NOT NULL,
    size         BIGINT NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX stored_files_recording ON stored_files(recording_id, kind);

-- +goose Down
DROP TABLE stored_files;
DROP TABLE recordings;
