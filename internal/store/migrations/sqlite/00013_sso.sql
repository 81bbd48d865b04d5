-- +goose Up
-- Staff who sign in through the organisation's OpenID Connect provider are
-- known by the provider's issuer and subject ("<issuer> <sub>").
ALTER TABLE users ADD COLUMN sso_subject TEXT;
CREATE UNIQUE INDEX users_sso_subject ON users(sso_subject);

-- +goose Down
DROP INDEX users_sso_subject;
ALTER TABLE users DROP COLUMN sso_subject;
