package analysis

import (
	"context"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// The blind rule of double coding (issue 20): a recording's main coding is
// the guider's; a second coding is another person's moments with the same
// scheme. Until both have marked their coding done (or the case's owner
// opens them), the second coder sees only their own moments and the owner
// only the main ones. Nobody else sees a second coding at all.

// CodingView is a second coding as the caller may know it.
type CodingView struct {
	Coding     *domain.Coding
	CoderName  string
	CoderEmail string
	Moments    int  // the coding's moments; 0 while blind to the caller
	Mine       bool // the caller is its coder
	Owner      bool // the caller owns the case (the main coding is theirs)
}

// StartCoding starts a second coding of a recording by the colleague with
// that e-mail address. Only the case's owner may; the coder must already be
// able to see the case (shared with them), so the film reaches nobody new.
func (s *Service) StartCoding(ctx context.Context, a accounts.Actor, recordingID, coderEmail string) (*domain.Coding, error) {
	email := strings.TrimSpace(strings.ToLower(coderEmail))
	if email == "" {
		return nil, domain.FieldError("coder_email", "\"coder_email\" is required: the e-mail address of the colleague who codes the recording a second time.")
	}
	c := &domain.Coding{ID: auth.NewID(), RecordingID: recordingID, StartedBy: a.ID()}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, err := recording(ctx, tx, a, recordingID, casework.WantOwner)
		if err != nil {
			return err
		}
		coder, err := s.coderFor(ctx, tx, a, rec, email)
		if err != nil {
			return err
		}
		c.CoderID = coder.ID
		if c.MainDoneAt, err = mainDone(ctx, tx, rec.ID); err != nil {
			return err
		}
		if err := tx.CreateCoding(ctx, c); err != nil {
			return err
		}
		return audit(ctx, tx, a, "coding.start", "coding", c.ID, rec)
	})
	return c, err
}

// coderFor finds the colleague who may code rec a second time.
func (s *Service) coderFor(ctx context.Context, tx *store.Tx, a accounts.Actor, rec *domain.Recording, email string) (*domain.User, error) {
	noOne := domain.FieldError("coder_email", "No colleague with that e-mail address can see this case. Share the case with them first (case page, \"Share with a colleague\"), then start the second coding.")
	u, err := tx.UserByEmail(ctx, email)
	if store.IsNotFound(err) {
		return nil, noOne
	} else if err != nil {
		return nil, err
	}
	if u.ID == a.ID() {
		return nil, domain.FieldError("coder_email", "That is you: a second coding is by another person. Give a colleague's e-mail address.")
	}
	if err := casework.Authorize(ctx, tx, accounts.Actor{User: u}, rec.CaseID, casework.WantView); err != nil {
		return nil, noOne
	}
	existing, err := tx.Codings(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range existing {
		if c.CoderID == u.ID {
			return nil, domain.FieldError("coder_email", "This colleague already has a second coding of this recording; it is listed on the recording's page.")
		}
	}
	return u, nil
}

// mainDone is when the main coding was first marked done for any
// comparison of the recording (zero if never): a guider who has finished
// their coding isn't asked again when another coder comes along.
func mainDone(ctx context.Context, tx *store.Tx, recordingID string) (time.Time, error) {
	all, err := tx.Codings(ctx, recordingID)
	if err != nil {
		return time.Time{}, err
	}
	var first time.Time
	for _, c := range all {
		if !c.MainDoneAt.IsZero() && (first.IsZero() || c.MainDoneAt.Before(first)) {
			first = c.MainDoneAt
		}
	}
	return first, nil
}

// Codings lists a recording's second codings the caller may know of: all
// of them for the case's owner, their own for a coder, none for others.
func (s *Service) Codings(ctx context.Context, a accounts.Actor, recordingID string) ([]CodingView, error) {
	var out []CodingView
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		rec, err := recording(ctx, tx, a, recordingID, casework.WantView)
		if err != nil {
			return err
		}
		owner := casework.Authorize(ctx, tx, a, rec.CaseID, casework.WantOwner) == nil
		all, err := tx.Codings(ctx, rec.ID)
		if err != nil {
			return err
		}
		for _, c := range all {
			if !owner && (c.CoderID != a.ID() || c.Imported()) {
				continue
			}
			v, err := codingView(ctx, tx, a, c, owner)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

func codingView(ctx context.Context, tx *store.Tx, a accounts.Actor, c *domain.Coding, owner bool) (CodingView, error) {
	v := CodingView{Coding: c, Mine: c.CoderID == a.ID() && !c.Imported(), Owner: owner}
	if c.Imported() {
		v.CoderName = c.CoderLabel
	} else {
		u, err := tx.UserByID(ctx, c.CoderID)
		if err != nil {
			return v, err
		}
		v.CoderName, v.CoderEmail = u.Name, u.Email
	}
	var err error
	if v.Mine || c.Revealed() {
		v.Moments, err = tx.CodingMoments(ctx, c.RecordingID, c.ID)
	}
	return v, err
}

// Coding is one second coding, for its coder or the case's owner.
func (s *Service) Coding(ctx context.Context, a accounts.Actor, id string) (CodingView, *domain.Recording, error) {
	var v CodingView
	var rec *domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		c, r, owner, err := codingOf(ctx, tx, a, id)
		if err != nil {
			return err
		}
		rec = r
		v, err = codingView(ctx, tx, a, c, owner)
		return err
	})
	return v, rec, err
}

// codingOf loads a coding for its coder or the case's owner; anyone else is
// told it does not exist.
func codingOf(ctx context.Context, tx *store.Tx, a accounts.Actor, id string) (*domain.Coding, *domain.Recording, bool, error) {
	c, err := tx.CodingByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, nil, false, domain.NotFound("coding")
	} else if err != nil {
		return nil, nil, false, err
	}
	rec, err := owned(ctx, tx, a, c.RecordingID, casework.WantView, "coding")
	if err != nil {
		return nil, nil, false, err
	}
	owner := casework.Authorize(ctx, tx, a, rec.CaseID, casework.WantOwner) == nil
	if !owner && (c.CoderID != a.ID() || c.Imported()) {
		return nil, nil, false, domain.NotFound("coding")
	}
	return c, rec, owner, nil
}

// MarkDone records that the caller finished their side of a comparison:
// the second coder their coding, the case's owner the main coding.
func (s *Service) MarkDone(ctx context.Context, a accounts.Actor, id string) (*domain.Coding, error) {
	var out *domain.Coding
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		c, rec, owner, err := codingOf(ctx, tx, a, id)
		if err != nil {
			return err
		}
		main := owner && (c.CoderID != a.ID() || c.Imported())
		if err := tx.MarkCodingDone(ctx, id, main); err != nil {
			return err
		}
		if out, err = tx.CodingByID(ctx, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "coding.done", "coding", id, rec)
	})
	return out, err
}

// OpenCoding lets the case's owner lift the blind rule before both are done
// (e.g. the second coder is away): both codings are then seen by both.
func (s *Service) OpenCoding(ctx context.Context, a accounts.Actor, id string) (*domain.Coding, error) {
	var out *domain.Coding
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		_, rec, owner, err := codingOf(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !owner {
			return domain.Errorf(domain.EFORBIDDEN, "Only the case's owner can open both codings before both are done. Mark your coding done instead.")
		}
		if err := tx.OpenCoding(ctx, id, a.ID()); err != nil {
			return err
		}
		if out, err = tx.CodingByID(ctx, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "coding.open", "coding", id, rec)
	})
	return out, err
}

// codingAccess loads a recording and checks the caller may read (write
// false) or change (write true) the moments of one of its codings.
func codingAccess(ctx context.Context, tx *store.Tx, a accounts.Actor, recordingID, codingID string, write bool) (*domain.Recording, error) {
	if codingID == domain.MainCoding {
		want := casework.WantView
		if write {
			want = casework.WantEdit
		}
		rec, err := recording(ctx, tx, a, recordingID, want)
		if err != nil {
			return nil, err
		}
		return rec, blindToMain(ctx, tx, a, rec)
	}
	rec, err := recording(ctx, tx, a, recordingID, casework.WantView)
	if err != nil {
		return nil, err
	}
	c, err := tx.CodingByID(ctx, codingID)
	if store.IsNotFound(err) || (err == nil && c.RecordingID != rec.ID) {
		return nil, domain.FieldError("coding_id", "This recording has no coding with that id. List its codings with GET /api/v1/recordings/{id}/codings.")
	} else if err != nil {
		return nil, err
	}
	return rec, secondCodingAccess(ctx, tx, a, rec, c, write)
}

func secondCodingAccess(ctx context.Context, tx *store.Tx, a accounts.Actor, rec *domain.Recording, c *domain.Coding, write bool) error {
	if c.CoderID == a.ID() && !c.Imported() {
		if write && !c.DoneAt.IsZero() {
			return domain.Errorf(domain.ECONFLICT, "You marked this coding done, so its moments can't change now. Talk the differences over with the guider instead.")
		}
		return nil
	}
	if casework.Authorize(ctx, tx, a, rec.CaseID, casework.WantOwner) != nil {
		return domain.NotFound("coding")
	}
	if write {
		return domain.Errorf(domain.EFORBIDDEN, "This is your colleague's coding; only they can change its moments.")
	}
	if !c.Revealed() {
		return blindError()
	}
	return nil
}

// blindToMain refuses the main coding to someone coding the recording blind.
func blindToMain(ctx context.Context, tx *store.Tx, a accounts.Actor, rec *domain.Recording) error {
	all, err := tx.Codings(ctx, rec.ID)
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.CoderID == a.ID() && !c.Imported() && !c.Revealed() {
			return blindError()
		}
	}
	return nil
}

func blindError() error {
	return domain.Errorf(domain.EFORBIDDEN, "This recording is being coded twice, blind: neither coding is shown to the other coder until both have marked their coding done (or the case's owner opens them).")
}
