-- +goose Up
-- A family member's e-mail address is sealed with the case's key; sign-in
-- finds the member by a keyed blind index of it (an HMAC made by the vault).
ALTER TABLE family_members ADD COLUMN email_index TEXT NOT NULL DEFAULT '';
CREATE INDEX family_members_email_index ON family_members(email_index);
DROP INDEX family_members_email;

-- Columns whose existing values have all been sealed in place (seal_existing.go).
CREATE TABLE sealed_columns (
    name       TEXT PRIMARY KEY,
    sealed_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE sealed_columns;
CREATE INDEX family_members_email ON family_members(email);
DROP INDEX family_members_email_index;
ALTER TABLE family_members DROP COLUMN email_index;
