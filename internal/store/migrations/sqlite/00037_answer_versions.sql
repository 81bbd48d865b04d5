-- +goose Up
-- Two tabs of one questionnaire link never overwrite each other silently:
-- every save that changes answers counts up the assignment's version, and
-- each answer keeps the version it was written at and which tab wrote it
-- (a random id the page makes; no person is named by it) with that tab's
-- request number, so a tab's late save can't undo its own later one.
ALTER TABLE q_assignments ADD COLUMN answers_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE q_answers ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE q_answers ADD COLUMN writer TEXT NOT NULL DEFAULT '';
ALTER TABLE q_answers ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE q_answers DROP COLUMN seq;
ALTER TABLE q_answers DROP COLUMN writer;
ALTER TABLE q_answers DROP COLUMN version;
ALTER TABLE q_assignments DROP COLUMN answers_version;
