-- +goose Up
-- The caseload lists a practitioner's cases newest first; this index gives
-- that order directly, so a page reads only the rows it shows.
CREATE INDEX cases_owner_updated ON cases(owner_id, updated_at DESC, id DESC);

-- +goose Down
DROP INDEX cases_owner_updated;
