-- +goose Up
-- The chain's head is signed with the chain key (which is not in the
-- database): mac covers seq, hash and broken_at, so nobody can cut entries
-- off the end and move the head back without it showing. broken_at is the
-- seq of the first entry appended after the head was found altered (0 when
-- never). A head written before this migration has mac '' and is signed at
-- the next append; the checkpoint file outside the database guards that step.
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN broken_at BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE audit_head DROP COLUMN broken_at;
ALTER TABLE audit_head DROP COLUMN mac;
