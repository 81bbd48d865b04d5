package films

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// MaxWords is how much may be written against one item, or as next steps.
const MaxWords = 4000

// Prompts are the questions a guider may like to ask in the shared review.
var Prompts = []string{
	"What do you see here?",
	"What are you doing that makes a difference?",
	"What were you feeling then?",
	"What do you think your child is feeling?",
	"What did you do that helped?",
	"What would you like to see more of?",
}

// SetWords writes the parent's own words against one item of the film, in
// the shared review ("" clears them). The film's cycle gets them too.
func (s *Service) SetWords(ctx context.Context, a accounts.Actor, id, itemID, words string) (*domain.Film, error) {
	words = text(words)
	if n := utf8.RuneCountInString(words); n > MaxWords {
		return nil, domain.FieldError("words", "These words are %d characters; at most %d fit against one item.", n, MaxWords)
	}
	return s.edit(ctx, a, id, func(tx *store.Tx, f *domain.Film) error {
		if !hasItem(f, itemID) {
			return domain.FieldError("item_id", "This film has no item %q; load the film again to see its items.", itemID)
		}
		if err := tx.SetFilmWords(ctx, f.ID, itemID, words, a.ID()); err != nil {
			return err
		}
		if f.Words[itemID] = words; words == "" {
			delete(f.Words, itemID)
		}
		if err := syncCycle(ctx, tx, f, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "film.words", f)
	})
}

// SetNextSteps writes what the family wants to try next; it stays with the
// case (and the film's cycle).
func (s *Service) SetNextSteps(ctx context.Context, a accounts.Actor, id, steps string) (*domain.Film, error) {
	steps = text(steps)
	if n := utf8.RuneCountInString(steps); n > MaxWords {
		return nil, domain.FieldError("next_steps", "The next steps are %d characters; at most %d fit.", n, MaxWords)
	}
	return s.edit(ctx, a, id, func(tx *store.Tx, f *domain.Film) error {
		if err := tx.SetFilmNextSteps(ctx, f.ID, steps); err != nil {
			return err
		}
		f.NextSteps = steps
		if err := syncCycle(ctx, tx, f, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "film.next_steps", f)
	})
}

func hasItem(f *domain.Film, itemID string) bool {
	for _, it := range f.Items {
		if it.ID == itemID {
			return true
		}
	}
	return false
}

// syncCycle writes the review's words on the cycle the film was made in.
func syncCycle(ctx context.Context, tx *store.Tx, f *domain.Film, by string) error {
	if f.Cycle == 0 {
		return nil
	}
	var b strings.Builder
	for i, it := range f.Items {
		w := f.Words[it.ID]
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(LabelWords(ItemLabel(ctx, tx, i, it), w))
	}
	if err := tx.SetCycleReviewWords(ctx, f.CaseID, f.Cycle, b.String(), f.NextSteps); err != nil {
		return err
	}
	return tx.FollowWork(ctx, f.CaseID, f.Cycle, by)
}

// LabelWords puts the parent's words after the item they were said about:
// "Waiting: I waited.", but "What he was watching. He is…" when the label
// already ends a sentence. The case page, the ending page and the closing
// letter all show what this writes.
func LabelWords(label, words string) string {
	label = strings.TrimRightFunc(label, unicode.IsSpace)
	if label == "" {
		return words
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(label, "\"'”’)»"))
	if strings.ContainsRune(".!?:;…", last) {
		return label + " " + words
	}
	return label + ": " + words
}

// ItemLabel names an item in words: a title card by its words, a clip by
// its title, a still by its caption.
func ItemLabel(ctx context.Context, tx *store.Tx, i int, it domain.FilmItem) string {
	switch it.Kind {
	case domain.ItemTitle:
		return it.Text
	case domain.ItemClip:
		if c, err := tx.ClipByID(ctx, it.ClipID); err == nil && c.Title != "" {
			return c.Title
		}
		if it.Caption != "" {
			return it.Caption
		}
		return "Clip " + itoa(i+1)
	}
	if it.Caption != "" {
		return it.Caption
	}
	return "Still " + itoa(i+1)
}
