-- +goose Up
-- Supervision on video and the accreditation log: who supervises whom, the
-- material a trainee shares with their supervisor (a recording, a film or the
-- video of their own shared review), comments at exact frames, supervision
-- sessions, and the accreditation stages, kept as data an administrator edits.
CREATE TABLE supervision_links (
    supervisor_id TEXT NOT NULL REFERENCES users(id),
    trainee_id    TEXT NOT NULL REFERENCES users(id),
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (supervisor_id, trainee_id),
    CHECK (supervisor_id <> trainee_id)
);
CREATE INDEX supervision_links_trainee ON supervision_links(trainee_id);

-- A recording marked as the video of the guider's own shared review with the
-- parent (the recordings table itself is left as it is).
CREATE TABLE review_videos (
    recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
    marked_by    TEXT NOT NULL,
    marked_at    BIGINT NOT NULL
);

-- material_id is a recording's or a film's id, without a foreign key (it can
-- point at either); erasing the material leaves a share that shows nothing.
CREATE TABLE material_shares (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('recording','film','review')),
    material_id   TEXT NOT NULL,
    trainee_id    TEXT NOT NULL REFERENCES users(id),
    supervisor_id TEXT NOT NULL REFERENCES users(id),
    note          TEXT NOT NULL DEFAULT '',
    expires_at    BIGINT,
    withdrawn_at  BIGINT,
    withdrawn_by  TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);
CREATE INDEX material_shares_supervisor ON material_shares(supervisor_id, created_at);
CREATE INDEX material_shares_trainee ON material_shares(trainee_id, created_at);
CREATE INDEX material_shares_material ON material_shares(material_id);

-- Comments at one frame of shared material; a reply names its parent.
CREATE TABLE frame_comments (
    id         TEXT PRIMARY KEY,
    share_id   TEXT NOT NULL REFERENCES material_shares(id) ON DELETE CASCADE,
    parent_id  TEXT NOT NULL DEFAULT '',
    frame      INTEGER NOT NULL CHECK (frame >= 0),
    body       TEXT NOT NULL,
    discuss    INTEGER NOT NULL DEFAULT 0,
    author_id  TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX frame_comments_share ON frame_comments(share_id, frame, created_at);

CREATE TABLE supervision_sessions (
    id              TEXT PRIMARY KEY,
    supervisor_id   TEXT NOT NULL REFERENCES users(id),
    trainee_id      TEXT NOT NULL REFERENCES users(id),
    held_on         TEXT NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes > 0),
    mode            TEXT NOT NULL CHECK (mode IN ('in_person','video_call','group')),
    learning_points TEXT NOT NULL DEFAULT '',
    recorded_by     TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX supervision_sessions_trainee ON supervision_sessions(trainee_id, held_on);
CREATE INDEX supervision_sessions_supervisor ON supervision_sessions(supervisor_id, held_on);

-- What a session discussed: case references and shared material.
CREATE TABLE supervision_session_items (
    session_id TEXT NOT NULL REFERENCES supervision_sessions(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('case','share')),
    item_id    TEXT NOT NULL,
    PRIMARY KEY (session_id, kind, item_id)
);

-- The stages towards accreditation: what each asks for. A service with a
-- different scheme edits these rows.
CREATE TABLE accreditation_stages (
    number             INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 9),
    name               TEXT NOT NULL,
    cycles             INTEGER NOT NULL CHECK (cycles >= 0),
    new_families       INTEGER NOT NULL CHECK (new_families >= 0),
    supervision_hours  INTEGER NOT NULL CHECK (supervision_hours >= 0),
    final              INTEGER NOT NULL DEFAULT 0,
    updated_by         TEXT NOT NULL DEFAULT '',
    updated_at         BIGINT NOT NULL DEFAULT 0
);
INSERT INTO accreditation_stages (number, name, cycles, new_families, supervision_hours, final) VALUES
    (1, 'Stage 1', 6, 2, 7, 0),
    (2, 'Stage 2', 9, 3, 8, 0),
    (3, 'Stage 3', 12, 3, 8, 1);

-- The review that ends a stage (kind 'transition') or the accreditation
-- meeting, and the trainee's reflective statement.
CREATE TABLE accreditation_meetings (
    id          TEXT PRIMARY KEY,
    trainee_id  TEXT NOT NULL REFERENCES users(id),
    stage       INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('transition','accreditation')),
    held_on     TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (trainee_id, stage, kind)
);

CREATE TABLE reflective_statements (
    trainee_id TEXT PRIMARY KEY REFERENCES users(id),
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The guider's side of the principles: how the guider attunes to the parent
-- in a shared review, coded like any recording.
INSERT INTO schemes (id, name, is_default, codes, version, created_at, updated_at)
VALUES ('guider', 'Guider''s attunement', 0, '[{"code":"being-attentive","label":"Being attentive to the parent","colour":"#1f5fa8","key":"1","subcodes":[{"code":"being-attentive/turning-towards","label":"Turning towards the parent"},{"code":"being-attentive/interested-looks","label":"Interested looks"},{"code":"being-attentive/giving-time-and-space","label":"Giving time and space"}]},{"code":"encouraging-initiatives","label":"Encouraging the parent''s initiatives","colour":"#2e7d32","key":"2","subcodes":[{"code":"encouraging-initiatives/waiting","label":"Waiting"},{"code":"encouraging-initiatives/listening-actively","label":"Listening actively"},{"code":"encouraging-initiatives/naming-positively","label":"Naming positively what the parent does"}]},{"code":"receiving-initiatives","label":"Receiving the parent''s initiatives","colour":"#b3261e","key":"3","subcodes":[{"code":"receiving-initiatives/showing-you-noticed","label":"Showing you noticed"},{"code":"receiving-initiatives/using-their-words","label":"Using the parent''s words"}]},{"code":"developing-attuned-interactions","label":"Developing the conversation","colour":"#6a3d9a","key":"4","subcodes":[{"code":"developing-attuned-interactions/checking-understanding","label":"Checking understanding"},{"code":"developing-attuned-interactions/short-turns","label":"Giving and taking short turns"}]},{"code":"guiding","label":"Guiding the review","colour":"#8a4b00","key":"5","subcodes":[{"code":"guiding/scaffolding","label":"Scaffolding the parent''s thinking"},{"code":"guiding/offering-choices","label":"Offering choices of what to look at"}]},{"code":"deepening-discussion","label":"Deepening discussion","colour":"#00695c","key":"6","subcodes":[{"code":"deepening-discussion/supporting-goal-setting","label":"Supporting the parent''s goals"},{"code":"deepening-discussion/sharing-viewpoints","label":"Sharing viewpoints"},{"code":"deepening-discussion/reaching-shared-understanding","label":"Reaching new shared understanding"}]}]', 1, 0, 0);

-- +goose Down
DELETE FROM schemes WHERE id = 'guider' AND NOT EXISTS (SELECT 1 FROM recordings WHERE scheme_id = 'guider');
DROP TABLE reflective_statements;
DROP TABLE accreditation_meetings;
DROP TABLE accreditation_stages;
DROP TABLE supervision_session_items;
DROP TABLE supervision_sessions;
DROP TABLE frame_comments;
DROP TABLE material_shares;
DROP TABLE review_videos;
DROP TABLE supervision_links;
