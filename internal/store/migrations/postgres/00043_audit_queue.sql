-- +goose Up
-- Audit entries appended by the transaction that made the change, without
-- the lock on audit_head: one sequencer among the servers moves them into
-- the hash chain (audit_log) in batches, in the order of id, and deletes
-- them here in the same transaction, so none is lost or sealed twice.
CREATE TABLE audit_queue (
    id          BIGSERIAL PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    case_id     TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE audit_queue;
