-- +goose Up
-- A risk alert stays until someone acknowledges it with a note of the
-- action taken (sealed with the case's key); one not acknowledged in the
-- service's time is escalated once (to the case's supervisors and the duty
-- person), which escalated_at records.
ALTER TABLE q_alerts ADD COLUMN action TEXT NOT NULL DEFAULT '';
ALTER TABLE q_alerts ADD COLUMN escalated_at BIGINT;

-- +goose Down
ALTER TABLE q_alerts DROP COLUMN escalated_at;
ALTER TABLE q_alerts DROP COLUMN action;
