package films

import (
	"context"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Limits of a film.
const (
	MaxItems       = 40
	MaxTitle       = 120
	MaxText        = 200 // a title card's words, a caption
	MinSeconds     = 0.5
	MaxSeconds     = 60
	DefaultTitle   = 3 // seconds a title card is held when not said
	DefaultStill   = 4 // seconds a still is held when not said
	maxItemIDBytes = 40
)

// Speeds a clip may be shown at: normal, half and quarter speed.
var Speeds = []float64{1, 0.5, 0.25}

// Input is a film as a caller sends it; nil fields are not given.
type Input struct {
	Title   *string
	Items   *[]ItemInput
	Version *int // a change only, optional: the version it was based on
}

// ItemInput is one item as sent. ID keeps an item's identity (and the
// parent's words against it) across edits; a new item has none.
type ItemInput struct {
	ID      string
	Kind    string
	Text    string
	Seconds *float64
	ClipID  string
	StillID string
	Speed   *float64
	Caption string
}

// checkTitle cleans and checks a film's title.
func checkTitle(t string) (string, error) {
	t = oneLine(t)
	if t == "" {
		return "", domain.FieldError("title", "Give the film a title, for example “Playing with the blocks”.")
	}
	if n := utf8.RuneCountInString(t); n > MaxTitle {
		return "", domain.FieldError("title", "The title is %d characters; at most %d fit.", n, MaxTitle)
	}
	return t, nil
}

// items checks every item against the film's case and returns them cleaned.
func items(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string, in []ItemInput) ([]domain.FilmItem, error) {
	if len(in) == 0 {
		return nil, domain.FieldError("items", "A film needs at least one item: a title card, a clip or a still.")
	}
	if len(in) > MaxItems {
		return nil, domain.FieldError("items", "A film can hold at most %d items; this one has %d.", MaxItems, len(in))
	}
	out, seen := make([]domain.FilmItem, 0, len(in)), map[string]bool{}
	for i, it := range in {
		item, err := checkItem(ctx, tx, a, caseID, i+1, it)
		if err != nil {
			return nil, err
		}
		if seen[item.ID] {
			return nil, domain.FieldError("items", "Item %d has the same id as an earlier item; leave \"id\" out for a new item.", i+1)
		}
		seen[item.ID] = true
		out = append(out, item)
	}
	return out, nil
}

func checkItem(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string, n int, in ItemInput) (domain.FilmItem, error) {
	it := domain.FilmItem{ID: in.ID, Kind: in.Kind, Text: oneLine(in.Text), ClipID: in.ClipID, StillID: in.StillID,
		Caption: oneLine(in.Caption), Speed: 1}
	if it.ID == "" {
		it.ID = auth.NewID()
	} else if !validItemID(it.ID) {
		return it, domain.FieldError("items", "Item %d: \"id\" is one we didn't give out; leave it out for a new item.", n)
	}
	if l := max(utf8.RuneCountInString(it.Text), utf8.RuneCountInString(it.Caption)); l > MaxText {
		return it, domain.FieldError("items", "Item %d: the words are %d characters; at most %d fit on the screen.", n, l, MaxText)
	}
	switch it.Kind {
	case domain.ItemTitle:
		return it, checkTitleCard(&it, n, in)
	case domain.ItemStill:
		return it, checkStill(ctx, tx, a, caseID, &it, n, in)
	case domain.ItemClip:
		return it, checkClip(ctx, tx, a, caseID, &it, n, in)
	}
	return it, domain.FieldError("items", "Item %d: \"kind\" must be title, clip or still, not %q.", n, in.Kind)
}

func checkTitleCard(it *domain.FilmItem, n int, in ItemInput) error {
	if it.Text == "" {
		return domain.FieldError("items", "Item %d is a title card without words: write what it should say.", n)
	}
	it.ClipID, it.StillID, it.Caption = "", "", ""
	return hold(it, n, in.Seconds, DefaultTitle)
}

func checkStill(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string, it *domain.FilmItem, n int, in ItemInput) error {
	if it.StillID == "" {
		return domain.FieldError("items", "Item %d is a still without \"still_id\": say which still to show.", n)
	}
	st, err := tx.StillByID(ctx, it.StillID)
	if err == nil {
		err = sameCase(ctx, tx, a, caseID, n, "still", tx.StillCaseID, it.StillID)
	}
	if err != nil {
		return notFoundItem(err, n, "still", it.StillID)
	}
	if st.Status == domain.StillFailed {
		return domain.FieldError("items", "Item %d: that still couldn't be made from the recording. Take the frame again, then add the new still.", n)
	}
	it.ClipID, it.Text = "", ""
	return hold(it, n, in.Seconds, DefaultStill)
}

func checkClip(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string, it *domain.FilmItem, n int, in ItemInput) error {
	if it.ClipID == "" {
		return domain.FieldError("items", "Item %d is a clip without \"clip_id\": say which clip to show.", n)
	}
	_, err := tx.ClipByID(ctx, it.ClipID)
	if err == nil {
		err = sameCase(ctx, tx, a, caseID, n, "clip", tx.ClipCaseID, it.ClipID)
	}
	if err != nil {
		return notFoundItem(err, n, "clip", it.ClipID)
	}
	if in.Seconds != nil && *in.Seconds != 0 {
		return domain.FieldError("items", "Item %d: a clip lasts as long as its frames; \"seconds\" is for title cards and stills.", n)
	}
	if in.Speed != nil {
		it.Speed = *in.Speed
	}
	if !allowedSpeed(it.Speed) {
		return domain.FieldError("items", "Item %d: a clip can play at speed 1 (normal), 0.5 (half) or 0.25 (a quarter), not %g.", n, it.Speed)
	}
	it.StillID, it.Text = "", ""
	return nil
}

// sameCase refuses a clip or still of another case: "not found" when the
// caller may not see that case, "invalid" (saying so) when they may.
func sameCase(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string, n int, what string,
	caseOf func(context.Context, string) (string, error), id string) error {
	other, err := caseOf(ctx, id)
	if err != nil || other == caseID {
		return err
	}
	if err := casework.Authorize(ctx, tx, a, other, casework.WantView); err != nil {
		return store.ErrNoRows
	}
	return domain.FieldError("items", "Item %d: that %s belongs to another case. A film shows only its own family's %ss.", n, what, what)
}

func notFoundItem(err error, n int, what, id string) error {
	if store.IsNotFound(err) {
		e := domain.Errorf(domain.ENOTFOUND, "Item %d: we couldn't find the %s %q. It may have been deleted, or it isn't shared with you; choose another.", n, what, id)
		e.Field = "items"
		return e
	}
	return err
}

// hold sets how long a title or still is shown: from 0.5 to 60 seconds.
func hold(it *domain.FilmItem, n int, seconds *float64, def float64) error {
	it.Seconds, it.Speed = def, 1
	if seconds != nil {
		it.Seconds = *seconds
	}
	if it.Seconds < MinSeconds || it.Seconds > MaxSeconds {
		return domain.FieldError("items", "Item %d is held for %g seconds; choose from %g to %d seconds.", n, it.Seconds, MinSeconds, MaxSeconds)
	}
	return nil
}

func allowedSpeed(v float64) bool {
	for _, s := range Speeds {
		if v == s {
			return true
		}
	}
	return false
}

func validItemID(id string) bool {
	if len(id) > maxItemIDBytes {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// oneLine and text tidy what people type (domain/text.go).
var (
	oneLine = domain.Line
	text    = domain.Text
)
