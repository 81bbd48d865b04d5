package analysis

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Limits of what a guider writes on a moment.
const (
	MaxNote    = 4000 // characters
	MaxTitle   = 200
	MaxCaption = 2000
)

// checkAnnotation validates an annotation against its recording, its
// scheme and its case's participants. A code it already carried (oldCode)
// may stay even if it has been retired since.
func checkAnnotation(ctx context.Context, tx *store.Tx, rec *domain.Recording, an *domain.Annotation, oldCode string) error {
	an.Note = strings.TrimSpace(an.Note)
	if err := checkFrames(rec, an.StartFrame, an.EndFrame); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(an.Note); n > MaxNote {
		return domain.FieldError("note", "The note is %d characters; a note can hold at most %d. Shorten it, or keep longer reflections in the case notes.", n, MaxNote)
	}
	if err := checkGoal(ctx, tx, rec.CaseID, an.GoalID); err != nil {
		return err
	}
	if err := checkCode(ctx, tx, an.SchemeID, an.Code, oldCode); err != nil {
		return err
	}
	return checkParticipant(ctx, tx, rec.CaseID, an.ParticipantID)
}

// checkFrames: both frames inside the recording, the end not before the start.
func checkFrames(rec *domain.Recording, start, end int) error {
	last := rec.FrameCount - 1
	switch {
	case start < 0 || start > last:
		return domain.FieldError("start_frame", "Frame %d is outside this recording, whose frames are numbered 0 to %d.", start, last)
	case end < 0 || end > last:
		return domain.FieldError("end_frame", "Frame %d is outside this recording, whose frames are numbered 0 to %d.", end, last)
	case end < start:
		return domain.FieldError("end_frame", "The end frame (%d) is before the start frame (%d). For a single moment, make them equal.", end, start)
	}
	return nil
}

// checkGoal: a linked goal must be one of the case's goals.
func checkGoal(ctx context.Context, tx *store.Tx, caseID, goalID string) error {
	if goalID == "" {
		return nil
	}
	g, err := tx.GoalByID(ctx, goalID)
	if store.IsNotFound(err) || (err == nil && g.CaseID != caseID) {
		return domain.FieldError("goal_id", "\"goal_id\" must be one of this family's goals, or left out.")
	}
	return err
}

func checkCode(ctx context.Context, tx *store.Tx, schemeID, code, oldCode string) error {
	sc, err := tx.SchemeByID(ctx, schemeID)
	if err != nil {
		return err
	}
	if code == oldCode && codeSet(sc, true)[code] {
		return nil
	}
	return applicable(sc, code)
}

func checkParticipant(ctx context.Context, tx *store.Tx, caseID, participantID string) error {
	if participantID == "" {
		return nil
	}
	c, err := tx.CaseByID(ctx, caseID)
	if err != nil {
		return err
	}
	for _, p := range c.Participants {
		if p.ID == participantID {
			return nil
		}
	}
	return domain.FieldError("participant_id", "%q isn't a participant of this case. Use the id of one of the case's participants (GET /api/v1/cases/{id}).", participantID)
}
