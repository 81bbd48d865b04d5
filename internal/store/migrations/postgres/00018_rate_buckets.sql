-- +goose Up
-- Sign-in and link-guessing limits per address, shared by every server of
-- a service (a load balancer sends one client's attempts to any of them).
-- The key is a hash of the limit's name and the address, never the address.
CREATE TABLE rate_buckets (
    key    TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX rate_buckets_at ON rate_buckets (at);

-- +goose Down
DROP TABLE rate_buckets;
