package casework

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Patch is a partial change; nil fields stay as they are. Version, when set,
// must match the stored version (someone else's newer save is a conflict).
type Patch struct {
	Reference    *string
	Focus        *string
	InitialsOnly *bool
	Participants *[]domain.Participant
	Status       *string
	Version      *int
}

// Update applies a patch to a case the caller may edit.
func (s *Service) Update(ctx context.Context, a accounts.Actor, id string, p Patch) (*domain.Case, error) {
	var c *domain.Case
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		want := WantEdit
		if p.Status != nil {
			want = WantOwner
		}
		if err := Authorize(ctx, tx, a, id, want); err != nil {
			return err
		}
		var err error
		if c, err = tx.CaseByID(ctx, id); err != nil {
			return err
		}
		if p.Version != nil && *p.Version != c.Version {
			return domain.Errorf(domain.ECONFLICT, "Someone else saved changes to this case while you were editing. Reload the case to see them, then make your change again.")
		}
		action, err := apply(c, p, tx)
		if err != nil {
			return err
		}
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		return audit(ctx, tx, a, action, id, "")
	})
	return c, err
}

func apply(c *domain.Case, p Patch, tx *store.Tx) (string, error) {
	in := Input{Reference: c.Reference, Focus: c.Focus, InitialsOnly: c.InitialsOnly, Participants: c.Participants}
	set(&in.Reference, p.Reference)
	set(&in.Focus, p.Focus)
	set(&in.InitialsOnly, p.InitialsOnly)
	set(&in.Participants, p.Participants)
	if err := in.Validate(tx.Now()); err != nil {
		return "", err
	}
	c.Reference, c.Focus, c.InitialsOnly, c.Participants = in.Reference, in.Focus, in.InitialsOnly, in.Participants
	if p.Status == nil || *p.Status == c.Status {
		return "case.update", nil
	}
	switch *p.Status {
	case domain.CaseClosed:
		now := tx.Now()
		c.Status, c.ClosedAt = domain.CaseClosed, &now
		return "case.close", nil
	case domain.CaseOpen:
		c.Status, c.ClosedAt = domain.CaseOpen, nil
		return "case.reopen", nil
	}
	return "", domain.FieldError("status", "A case is either open or closed.")
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
