-- +goose Up
-- Blind double coding (issue 20): a recording's moments so far are its main
-- coding (coding_id ''); a second coding is a separate set of moments by
-- another person. Neither coder sees the other's moments until both have
-- marked their coding done (main_done_at and done_at) or the case's owner
-- opens them (opened_at). source says where the moments came from: coded in
-- attune ('') or imported ('eaf', 'boris', 'csv'); an imported coding names
-- its coder in coder_label (a research partner may have no account here).
CREATE TABLE codings (
    id           TEXT PRIMARY KEY,
    recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    coder_id     TEXT NOT NULL REFERENCES users(id),
    started_by   TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    coder_label  TEXT NOT NULL DEFAULT '',
    done_at      BIGINT NOT NULL DEFAULT 0,
    main_done_at BIGINT NOT NULL DEFAULT 0,
    opened_at    BIGINT NOT NULL DEFAULT 0,
    opened_by    TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX codings_recording ON codings(recording_id, created_at);
CREATE INDEX codings_coder ON codings(coder_id);
ALTER TABLE annotations ADD COLUMN coding_id TEXT NOT NULL DEFAULT '';
CREATE INDEX annotations_coding ON annotations(coding_id, start_frame);

-- +goose Down
DROP INDEX annotations_coding;
ALTER TABLE annotations DROP COLUMN coding_id;
DROP TABLE codings;
