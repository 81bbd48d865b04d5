package lifecycle

import (
	"context"
	"slices"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// NoteKinds are the notes a case keeps, in the order the case page shows them.
var NoteKinds = []string{domain.NoteFirstMeeting, domain.NoteChild, domain.NoteRelationship,
	domain.NoteEndingChild, domain.NoteEndingRelationship, domain.NoteFuture, domain.NoteLetter}

// MaxNote is the longest note, in characters.
const MaxNote = 20000

// PutNote writes one of a case's notes.
func (s *Service) PutNote(ctx context.Context, a accounts.Actor, caseID, kind, body string) error {
	if !slices.Contains(NoteKinds, kind) {
		return domain.NotFound("kind of note")
	}
	body = text(body)
	if tooLong(body, MaxNote) {
		return domain.FieldError("body", "Keep this note to %d characters.", MaxNote)
	}
	return s.edit(ctx, a, caseID, func(tx *store.Tx) error {
		if err := tx.PutNote(ctx, &domain.Note{CaseID: caseID, Kind: kind, Body: body, UpdatedBy: a.ID()}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "note.update", "note", caseID+"/"+kind, caseID, "")
	})
}

// Notes returns a case's notes by kind.
func (s *Service) Notes(ctx context.Context, a accounts.Actor, caseID string) (map[string]*domain.Note, error) {
	var out map[string]*domain.Note
	err := s.view(ctx, a, caseID, "note", func(tx *store.Tx) error {
		var err error
		out, err = tx.CaseNotes(ctx, caseID)
		return err
	})
	return out, err
}

// NoteLabel names a note for people.
func NoteLabel(kind string) string {
	return map[string]string{domain.NoteFirstMeeting: "First meeting notes", domain.NoteChild: "How the family describes the child",
		domain.NoteRelationship: "How the family describes their relationship", domain.NoteEndingChild: "At the ending: the child",
		domain.NoteEndingRelationship: "At the ending: the relationship", domain.NoteFuture: "Ideas for the future",
		domain.NoteLetter: "The letter's opening words"}[kind]
}
