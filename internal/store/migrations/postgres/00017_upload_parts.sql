-- +goose Up
-- The staged parts of unfinished tus uploads, so that an upload can
-- continue on any server: each PATCH's bytes are sealed and stored as an
-- object in the blob store, and recorded here once stored. The committed
-- offset of an upload is the end of its last part; parts are contiguous
-- (the primary key refuses two parts at one offset, which is how two
-- servers racing on one upload are told apart). Rows and objects are
-- removed once the parts are joined into the recording's file.
CREATE TABLE upload_parts (
    upload_id    TEXT   NOT NULL,
    start_offset BIGINT NOT NULL,
    length       BIGINT NOT NULL,
    object_key   TEXT   NOT NULL UNIQUE,
    sha256       TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (upload_id, start_offset)
);

-- +goose Down
DROP TABLE upload_parts;
