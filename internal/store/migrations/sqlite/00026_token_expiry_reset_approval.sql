-- +goose Up
-- API tokens expire (90 days by default, --token-lifetime); tokens made
-- before this migration expire 90 days after they were made.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = created_at + 7776000000;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- A reset link an administrator was shown (no e-mail configured) records
-- who asked for it and, where the service has a second administrator,
-- works only once that administrator approved it.
ALTER TABLE one_time_links ADD COLUMN requested_by TEXT NOT NULL DEFAULT '';
ALTER TABLE one_time_links ADD COLUMN needs_approval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE one_time_links ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE one_time_links DROP COLUMN approved_by;
ALTER TABLE one_time_links DROP COLUMN needs_approval;
ALTER TABLE one_time_links DROP COLUMN requested_by;
DROP INDEX api_tokens_user;
ALTER TABLE api_tokens DROP COLUMN expires_at;
