package store

import (
	"context"
	"github.com/attune-vig/attune/internal/domain"
)

// SetFilmWords writes the parent's words against one item of a film ("" removes them).
func (tx *Tx) SetFilmWords(ctx context.Context, filmID, itemID, words, by string) error {
	if _, err := tx.exec(ctx, `DELETE FROM film_words WHERE film_id = ? AND item_id = ?`, filmID, itemID); err != nil {
		return err
	}
	if words == "" {
		return nil
	}
	caseID, err := tx.caseOf(ctx, caseOfFilm, filmID)
	if err != nil {
		return err
	}
	if words, err = tx.sealCaseText(caseID, fieldFilmWords, words); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO film_words (film_id, item_id, words, updated_by, updated_at) VALUES (?,?,?,?,?)`,
		filmID, itemID, words, by, ms(tx.now))
	return err
}

// FilmWords is the parent's words against a film's items, by item id.
func (tx *Tx) FilmWords(ctx context.Context, filmID string) (map[string]string, error) {
	rows, err := tx.query(ctx, `SELECT item_id, words FROM film_words WHERE film_id = ?`, filmID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, w string
		if err := rows.Scan(&id, &w); err != nil {
			return nil, err
		}
		if err := tx.openText(fieldFilmWords, &w); err != nil {
			return nil, err
		}
		out[id] = w
	}
	return out, rows.Err()
}

// SetCycleReviewWords writes the review's words and next steps on a case's
// cycle by number (the shared review of a film made in that cycle).
func (tx *Tx) SetCycleReviewWords(ctx context.Context, caseID string, number int, words, nextSteps string) error {
	words, next, err := tx.sealCycle(&domain.Cycle{CaseID: caseID, ParentWords: words, NextSteps: nextSteps})
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE cycles SET parent_words = ?, next_steps = ?, updated_at = ? WHERE case_id = ? AND number = ?`,
		words, next, ms(tx.now), caseID, number)
	return err
}

// ClipCaseID is the case a clip's recording belongs to; ErrNoRows when the clip is gone.
func (tx *Tx) ClipCaseID(ctx context.Context, clipID string) (string, error) {
	var id string
	err := tx.queryRow(ctx, `SELECT r.case_id FROM clips c JOIN recordings r ON r.id = c.recording_id WHERE c.id = ?`, clipID).Scan(&id)
	return id, err
}

// StillCaseID is the case a still's recording belongs to; ErrNoRows when the still is gone.
func (tx *Tx) StillCaseID(ctx context.Context, stillID string) (string, error) {
	var id string
	err := tx.queryRow(ctx, `SELECT r.case_id FROM stills s JOIN recordings r ON r.id = s.recording_id WHERE s.id = ?`, stillID).Scan(&id)
	return id, err
}
