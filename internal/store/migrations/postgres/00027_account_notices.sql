-- +goose Up
-- What was done to an account by someone else (an administrator's reset),
-- shown to its owner at their next sign-in and kept on their account page.
CREATE TABLE account_notices (
    id      TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at      BIGINT NOT NULL,
    text    TEXT NOT NULL,
    seen_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX account_notices_user ON account_notices (user_id, at);

-- +goose Down
DROP TABLE account_notices;
