-- +goose Up
-- Micro-analysis: coding schemes, annotations (with a per-recording change
-- sequence for polling clients, deletions kept as tombstones), clips and stills.
CREATE TABLE schemes (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    codes      TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX schemes_name ON schemes(name);

-- The default scheme: the six principles of attuned interaction (domain.md).
INSERT INTO schemes (id, name, is_default, codes, version, created_at, updated_at)
VALUES ('default', 'Principles of attuned interaction', 1, '[{"code":"being-attentive","label":"Being attentive","colour":"#1f5fa8","key":"1","subcodes":[{"code":"being-attentive/turning-towards","label":"Turning towards"},{"code":"being-attentive/friendly-posture","label":"Friendly posture"},{"code":"being-attentive/interested-looks","label":"Interested looks"},{"code":"being-attentive/giving-time-and-space","label":"Giving time and space"},{"code":"being-attentive/wondering","label":"Wondering about the other''s experience"}]},{"code":"encouraging-initiatives","label":"Encouraging initiatives","colour":"#2e7d32","key":"2","subcodes":[{"code":"encouraging-initiatives/waiting","label":"Waiting"},{"code":"encouraging-initiatives/listening-actively","label":"Listening actively"},{"code":"encouraging-initiatives/warm-intonation","label":"Warm or playful intonation"},{"code":"encouraging-initiatives/naming-positively","label":"Naming positively what you see"},{"code":"encouraging-initiatives/looking-for-initiatives","label":"Looking for initiatives"}]},{"code":"receiving-initiatives","label":"Receiving initiatives","colour":"#b3261e","key":"3","subcodes":[{"code":"receiving-initiatives/showing-you-noticed","label":"Showing you noticed"},{"code":"receiving-initiatives/returning-eye-contact","label":"Returning eye contact"},{"code":"receiving-initiatives/smiling","label":"Smiling"},{"code":"receiving-initiatives/nodding","label":"Nodding"},{"code":"receiving-initiatives/receiving-with-body-language","label":"Receiving with body language"},{"code":"receiving-initiatives/receiving-with-words","label":"Receiving with words"},{"code":"receiving-initiatives/using-their-words","label":"Using the other''s words"}]},{"code":"developing-attuned-interactions","label":"Developing attuned interactions","colour":"#6a3d9a","key":"4","subcodes":[{"code":"developing-attuned-interactions/receiving-then-responding","label":"Receiving then responding"},{"code":"developing-attuned-interactions/checking-understanding","label":"Checking understanding"},{"code":"developing-attuned-interactions/waiting-for-your-turn","label":"Waiting for your turn"},{"code":"developing-attuned-interactions/short-turns","label":"Giving and taking short turns"},{"code":"developing-attuned-interactions/cooperating","label":"Cooperating"},{"code":"developing-attuned-interactions/having-fun-together","label":"Having fun together"}]},{"code":"guiding","label":"Guiding","colour":"#8a4b00","key":"5","subcodes":[{"code":"guiding/scaffolding","label":"Scaffolding"},{"code":"guiding/extending","label":"Extending and building on the response"},{"code":"guiding/judging-help-needed","label":"Judging how much help is needed"},{"code":"guiding/giving-information","label":"Giving information"},{"code":"guiding/offering-choices","label":"Offering choices"}]},{"code":"deepening-discussion","label":"Deepening discussion","colour":"#00695c","key":"6","subcodes":[{"code":"deepening-discussion/supporting-goal-setting","label":"Supporting goal setting"},{"code":"deepening-discussion/sharing-viewpoints","label":"Sharing viewpoints"},{"code":"deepening-discussion/problem-solving-together","label":"Problem solving together"},{"code":"deepening-discussion/naming-differences","label":"Naming differences"},{"code":"deepening-discussion/reaching-shared-understanding","label":"Reaching new shared understanding"},{"code":"deepening-discussion/repairing-after-conflict","label":"Repairing after conflict"}]}]', 1, 0, 0);

CREATE TABLE annotation_cursors (
    recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
    seq          BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE annotations (
    id             TEXT PRIMARY KEY,
    recording_id   TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    scheme_id      TEXT NOT NULL REFERENCES schemes(id),
    code           TEXT NOT NULL,
    start_frame    INTEGER NOT NULL,
    end_frame      INTEGER NOT NULL,
    participant_id TEXT NOT NULL DEFAULT '',
    goal_id        TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL,
    seq            BIGINT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CHECK (end_frame >= start_frame AND start_frame >= 0)
);
CREATE INDEX annotations_recording_seq ON annotations(recording_id, seq);
CREATE INDEX annotations_recording_start ON annotations(recording_id, start_frame);
CREATE INDEX annotations_scheme_code ON annotations(scheme_id, code);

CREATE TABLE clips (
    id            TEXT PRIMARY KEY,
    recording_id  TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    scheme_id     TEXT NOT NULL REFERENCES schemes(id),
    start_frame   INTEGER NOT NULL,
    end_frame     INTEGER NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    caption       TEXT NOT NULL DEFAULT '',
    goal_id       TEXT NOT NULL DEFAULT '',
    working_point INTEGER NOT NULL DEFAULT 0,
    position      INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'marked',
    version       INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CHECK (end_frame >= start_frame AND start_frame >= 0)
);
CREATE INDEX clips_recording ON clips(recording_id, position);

CREATE TABLE clip_codes (
    clip_id  TEXT NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code     TEXT NOT NULL,
    PRIMARY KEY (clip_id, position)
);
CREATE INDEX clip_codes_code ON clip_codes(code);

CREATE TABLE stills (
    id           TEXT PRIMARY KEY,
    recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    frame        INTEGER NOT NULL CHECK (frame >= 0),
    caption      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('processing','ready','failed')),
    error        TEXT NOT NULL DEFAULT '',
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX stills_recording ON stills(recording_id, created_at);

-- +goose Down
DROP TABLE stills;
DROP TABLE clip_codes;
DROP TABLE clips;
DROP TABLE annotations;
DROP TABLE annotation_cursors;
DROP TABLE schemes;
