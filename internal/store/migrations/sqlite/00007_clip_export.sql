-- +goose Up
-- Clip export (issue 5): the state of each clip's MP4. start_frame and
-- end_frame are the edges of the file stored (-1 before the first): a file
-- whose edges differ from the clip's is stale and never served. The file
-- itself is the recording's stored file of kind "clip/<clip id>", so it is
-- erased with the recording.
CREATE TABLE clip_exports (
    clip_id      TEXT PRIMARY KEY REFERENCES clips(id) ON DELETE CASCADE,
    recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('queued','exporting','ready','failed')),
    progress     DOUBLE PRECISION NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    start_frame  INTEGER NOT NULL DEFAULT -1,
    end_frame    INTEGER NOT NULL DEFAULT -1,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX clip_exports_recording ON clip_exports(recording_id);

-- +goose Down
DROP TABLE clip_exports;
