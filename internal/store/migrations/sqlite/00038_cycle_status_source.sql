-- +goose Up
-- A cycle's status follows the work: a recording added for it marks it
-- filmed, a clip or film made from it edited, the shared review's words or
-- next steps reviewed. Each cycle keeps what set its status (status_source:
-- manual, recording, clip, film or review), who (status_by, an account id)
-- and when (status_at, ms).
ALTER TABLE cycles ADD COLUMN status_source TEXT NOT NULL DEFAULT '';
ALTER TABLE cycles ADD COLUMN status_by TEXT NOT NULL DEFAULT '';
ALTER TABLE cycles ADD COLUMN status_at BIGINT NOT NULL DEFAULT 0;

-- Moves made by hand before: who made the last one, from the audit log.
UPDATE cycles SET status_source = 'manual', status_at = updated_at,
    status_by = COALESCE((SELECT a.actor_id FROM audit_log a WHERE a.object_id = cycles.id
        AND a.action = 'cycle.update' ORDER BY a.seq DESC LIMIT 1), '')
  WHERE status <> 'planned';

-- Cases already in the database catch up with their work, furthest first.
UPDATE cycles SET status = 'reviewed', status_source = 'review', status_at = updated_at, status_by = ''
  WHERE status IN ('planned','filmed','edited') AND (parent_words <> '' OR next_steps <> '');
UPDATE cycles SET status = 'edited', status_source = 'film', status_at = updated_at,
    status_by = COALESCE((SELECT f.created_by FROM films f WHERE f.case_id = cycles.case_id AND f.cycle = cycles.number
        AND EXISTS (SELECT 1 FROM film_items i WHERE i.film_id = f.id AND i.kind <> 'title') ORDER BY f.created_at LIMIT 1), '')
  WHERE status IN ('planned','filmed')
    AND EXISTS (SELECT 1 FROM films f WHERE f.case_id = cycles.case_id AND f.cycle = cycles.number
        AND EXISTS (SELECT 1 FROM film_items i WHERE i.film_id = f.id AND i.kind <> 'title'));
UPDATE cycles SET status = 'edited', status_source = 'clip', status_at = updated_at,
    status_by = COALESCE((SELECT c.created_by FROM clips c JOIN recordings r ON r.id = c.recording_id
        WHERE r.case_id = cycles.case_id AND r.cycle = cycles.number ORDER BY c.created_at LIMIT 1), '')
  WHERE status IN ('planned','filmed')
    AND EXISTS (SELECT 1 FROM clips c JOIN recordings r ON r.id = c.recording_id
        WHERE r.case_id = cycles.case_id AND r.cycle = cycles.number);
UPDATE cycles SET status = 'filmed', status_source = 'recording', status_at = updated_at,
    status_by = COALESCE((SELECT r.uploader_id FROM recordings r WHERE r.case_id = cycles.case_id AND r.cycle = cycles.number
        ORDER BY r.created_at LIMIT 1), '')
  WHERE status = 'planned'
    AND EXISTS (SELECT 1 FROM recordings r WHERE r.case_id = cycles.case_id AND r.cycle = cycles.number);

-- +goose Down
ALTER TABLE cycles DROP COLUMN status_at;
ALTER TABLE cycles DROP COLUMN status_by;
ALTER TABLE cycles DROP COLUMN status_source;
