package lifecycle

import (
	"context"
	"io"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// LetterContent is what the closing letter is made of.
type LetterContent struct {
	Case   *domain.Case
	Goals  []*domain.Goal
	Cycles []*domain.Cycle
	Notes  map[string]*domain.Note
	Stills []LetterStill
}

// LetterStill is one picture from the family's films, with its caption.
type LetterStill struct {
	PNG     []byte
	Caption string
}

// maxLetterStills is how many stills the letter shows.
const maxLetterStills = 3

// Letter makes the closing letter for the family as a PDF: their goals with
// the ratings before and after, what changed in their own words (from the
// reviews), ideas for the future, and the guider's own text.
func (s *Service) Letter(ctx context.Context, a accounts.Actor, caseID string) ([]byte, error) {
	var lc LetterContent
	err := s.view(ctx, a, caseID, "letter", func(tx *store.Tx) error {
		var err error
		if lc.Case, err = tx.CaseByID(ctx, caseID); err != nil {
			return err
		}
		if lc.Goals, err = tx.CaseGoals(ctx, caseID); err != nil {
			return err
		}
		if lc.Cycles, err = tx.CaseCycles(ctx, caseID); err != nil {
			return err
		}
		if lc.Notes, err = tx.CaseNotes(ctx, caseID); err != nil {
			return err
		}
		files, err := s.letterStills(ctx, tx, a, caseID)
		if err != nil {
			return err
		}
		lc.Stills, err = s.readStills(ctx, files)
		return err
	})
	if err != nil {
		return nil, err
	}
	return RenderLetter(lc)
}

type stillFile struct {
	file    *domain.StoredFile
	caption string
}

// letterStills picks the first ready stills of the case's films (oldest
// first), if the caller may see footage at all.
func (s *Service) letterStills(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string) ([]stillFile, error) {
	if s.Recordings == nil || s.Recordings.CheckFootage(ctx, tx, a, caseID) != nil {
		return nil, nil
	}
	recs, err := tx.CaseRecordings(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var out []stillFile
	for _, r := range recs {
		stills, err := tx.Stills(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, st := range stills {
			if st.Status != domain.StillReady || len(out) == maxLetterStills {
				continue
			}
			f, err := tx.FileOfKind(ctx, r.ID, domain.StillFileKind(st.ID))
			if err != nil {
				return nil, err
			}
			out = append(out, stillFile{f, st.Caption})
		}
	}
	return out, nil
}

// readStills decrypts the chosen stills' pictures.
func (s *Service) readStills(ctx context.Context, files []stillFile) ([]LetterStill, error) {
	var out []LetterStill
	for _, sf := range files {
		f, err := s.Recordings.OpenStored(ctx, sf.file)
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.NewSectionReader(f, 0, f.Size()))
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, LetterStill{PNG: b, Caption: sf.caption})
	}
	return out, nil
}
