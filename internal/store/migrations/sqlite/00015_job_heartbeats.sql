-- +goose Up
-- A job being worked says so every few seconds. A job River still shows as
-- running whose heartbeat has stopped belonged to a process that died
-- (kill -9, power loss): it is handed back to the queue within minutes
-- instead of River's rescue after the job timeout (hours).
CREATE TABLE job_heartbeats (
    job_id BIGINT PRIMARY KEY,
    at     BIGINT NOT NULL
);

-- +goose Down
DROP TABLE job_heartbeats;
