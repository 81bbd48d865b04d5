-- +goose Up
-- A parent opening a questionnaire from the family portal gets a link of
-- its own, so the link the guider sent by e-mail or text keeps working.
ALTER TABLE q_assignments ADD COLUMN portal_token_hash TEXT;
CREATE UNIQUE INDEX q_assignments_portal_token ON q_assignments (portal_token_hash);

-- +goose Down
DROP INDEX q_assignments_portal_token;
ALTER TABLE q_assignments DROP COLUMN portal_token_hash;
