-- +goose Up
-- The erasure generation: counted up whenever a case's keys are destroyed
-- (a case erased). Servers keep case keys in memory between requests and
-- read this number with each one, so a key kept from before an erasure on
-- any server is never used after it.
CREATE TABLE key_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO key_generation (id, generation) VALUES (1, 0);

-- +goose Down
DROP TABLE key_generation;
