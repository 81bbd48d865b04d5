-- +goose Up
-- Audit entries older than their retention period are pruned from the start
-- of the chain. Each prune leaves an anchor: the seq and hash of the last
-- pruned entry and how many were pruned in all, signed with the chain's key
-- (which is not in the database). Verification starts from the newest anchor,
-- so the chain still proves that nothing after it was edited or removed.
CREATE TABLE audit_anchors (
    seq       BIGINT PRIMARY KEY,   -- the last pruned entry's seq
    hash      TEXT NOT NULL,        -- the last pruned entry's hash
    pruned    BIGINT NOT NULL,      -- entries pruned since the chain began
    at        BIGINT NOT NULL,      -- when the prune ran
    signature TEXT NOT NULL         -- HMAC of the above with the chain key
);

-- +goose Down
DROP TABLE audit_anchors;
