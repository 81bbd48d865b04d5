package store

import "context"

// FilmsUsingRecording lists the films with a clip or still of a recording.
func (tx *Tx) FilmsUsingRecording(ctx context.Context, recordingID string) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT DISTINCT film_id FROM film_items
		WHERE clip_id IN (SELECT id FROM clips WHERE recording_id = ?) OR still_id IN (SELECT id FROM stills WHERE recording_id = ?)`,
		recordingID, recordingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ForgetRecordingInFilms takes a recording's clips and stills out of every
// film and marks those films as needing a new render, not released.
func (tx *Tx) ForgetRecordingInFilms(ctx context.Context, recordingID string, films []string) error {
	if _, err := tx.exec(ctx, `DELETE FROM film_items WHERE clip_id IN (SELECT id FROM clips WHERE recording_id = ?)
		OR still_id IN (SELECT id FROM stills WHERE recording_id = ?)`, recordingID, recordingID); err != nil {
		return err
	}
	for _, id := range films {
		if _, err := tx.exec(ctx, `UPDATE films SET status = 'draft', progress = 0, rendered_version = 0, released_at = NULL,
			released_by = '', version = version + 1, updated_at = ? WHERE id = ?`, ms(tx.now), id); err != nil {
			return err
		}
	}
	return nil
}
