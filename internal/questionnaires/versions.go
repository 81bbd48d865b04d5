package questionnaires

import (
	"context"
	"sort"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// SaveInput is one save of answers from a page. With Check, an answer
// another tab (another Writer) changed after the page's Base version is not
// overwritten: the save is refused with a *Conflict. A save changes only
// the answers it carries, so a late save from the same tab can't undo a
// later one.
type SaveInput struct {
	Answers Answers
	Check   bool   // the page said which version it started from
	Base    int64  // that version
	Writer  string // the tab's random id; "" for a page without script
	Seq     int64  // the tab's request number: an older one can't undo a newer
}

// Conflict refuses a save that would overwrite answers changed in another
// tab or window since the page's version; Newer holds those answers.
type Conflict struct {
	Version int64
	Newer   Answers
}

func (c *Conflict) Error() string {
	ids := make([]string, 0, len(c.Newer))
	for k := range c.Newer {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return "conflict: changed in another tab since this page opened: " + strings.Join(ids, ", ")
}

// Saved is the answers version after a save, and the answers other tabs
// changed since the page's version that the save didn't carry: the page
// shows them, so it has seen everything up to the new version.
type Saved struct {
	Version int64
	Others  Answers
}

// Save keeps answers as the parent goes, without a version check.
func (s *Service) Save(ctx context.Context, acc Access, ans Answers) error {
	_, err := s.SaveVersioned(ctx, acc, SaveInput{Answers: ans})
	return err
}

// SaveVersioned keeps answers (an empty value clears one). Answers outside
// an item's constraints are refused and nothing is saved.
func (s *Service) SaveVersioned(ctx context.Context, acc Access, in SaveInput) (*Saved, error) {
	var saved *Saved
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		as, err := s.resolve(ctx, tx, acc)
		if err != nil {
			return err
		}
		inst, err := s.instrument(ctx, tx, as.InstrumentID)
		if err != nil {
			return err
		}
		ans, err := inst.clean(in.Answers)
		if err != nil {
			return err
		}
		version, err := tx.NextAnswersVersion(ctx, as.ID)
		if store.IsNotFound(err) {
			return domain.Errorf(domain.ECONFLICT, "These answers were already sent; nothing was changed.")
		} else if err != nil {
			return err
		}
		saved, err = writeAnswers(ctx, tx, as.ID, ans, in, version)
		return err
	})
	return saved, err
}

// clean trims answers, stores numbers in one form and checks each against
// its item.
func (in *Instrument) clean(ans Answers) (Answers, error) {
	out, given := Answers{}, Answers{}
	for k, v := range ans {
		it := in.Item(k)
		if it == nil {
			return nil, domain.FieldError(k, "%q isn't a question in %s.", k, in.Name)
		}
		if v = strings.TrimSpace(v); v != "" {
			given[k] = v
		}
		out[k] = it.Normalize(v)
	}
	return out, in.Check(given)
}

// writeAnswers writes the answers that changed, stamped with the version,
// unless one of them changed in another tab since the page's version.
func writeAnswers(ctx context.Context, tx *store.Tx, id string, ans Answers, in SaveInput, version int64) (*Saved, error) {
	old, err := tx.Answers(ctx, id)
	if err != nil {
		return nil, err
	}
	stamps, err := tx.AnswerStamps(ctx, id)
	if err != nil {
		return nil, err
	}
	for k, st := range stamps {
		if _, carried := ans[k]; carried && in.Writer != "" && st.Writer == in.Writer && in.Seq < st.Seq {
			delete(ans, k) // this tab's own later save got here first
		}
	}
	newer, others := Answers{}, Answers{}
	for k, st := range stamps {
		if !in.Check || st.Version <= in.Base || (in.Writer != "" && st.Writer == in.Writer) {
			continue
		}
		if v, carried := ans[k]; !carried {
			others[k] = old[k]
		} else if old[k] != v {
			newer[k] = old[k]
		}
	}
	if len(newer) > 0 {
		return nil, &Conflict{Version: version - 1, Newer: newer}
	}
	for k, v := range ans {
		if old[k] == v {
			continue
		}
		if err := tx.SaveAnswer(ctx, id, k, v); err != nil {
			return nil, err
		}
		if v == "" {
			continue
		}
		if err := tx.StampAnswer(ctx, id, k, store.AnswerStamp{Version: version, Writer: in.Writer, Seq: in.Seq}); err != nil {
			return nil, err
		}
	}
	return &Saved{Version: version, Others: others}, nil
}

// Prune drops answers to questions that are not enabled, as FHIR keeps no
// answer to a disabled item in a response; again until nothing changes, as
// one dropped answer may disable another question.
func (in *Instrument) Prune(ans Answers) (Answers, []string) {
	kept := Answers{}
	for k, v := range ans {
		kept[k] = v
	}
	var dropped []string
	for changed := true; changed; {
		changed = false
		for _, it := range in.Questions() {
			if _, ok := kept[it.LinkID]; ok && !in.Enabled(it, kept) {
				delete(kept, it.LinkID)
				dropped = append(dropped, it.LinkID)
				changed = true
			}
		}
	}
	return kept, dropped
}
