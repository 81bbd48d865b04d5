package family

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Ask sends the guider a parent's request to delete one film (kind film)
// or everything about the family (kind data).
func (s *Service) Ask(ctx context.Context, p *Parent, kind, filmID, note string) (*domain.FamilyRequest, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return nil, domain.FieldError("note", "Please keep your message under 1000 characters.")
	}
	r := &domain.FamilyRequest{ID: auth.NewID(), CaseID: p.CaseID(), MemberID: p.Member.ID, Kind: kind, Note: note}
	switch kind {
	case domain.RequestFilm:
		if _, err := s.Film(ctx, p, filmID); err != nil {
			return nil, err
		}
		r.FilmID = filmID
	case domain.RequestData:
	default:
		return nil, domain.FieldError("kind", "Choose what you would like deleted.")
	}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateFamilyRequest(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, p.entry("family.request", "family_request", r.ID, kind))
	})
	return r, err
}

// RequestView is a request with the parent's name, for the guider.
type RequestView struct {
	*domain.FamilyRequest
	Parent string
}

// Requests lists a case's requests from the family, for its staff.
func (s *Service) Requests(ctx context.Context, a accounts.Actor, caseID string) ([]RequestView, error) {
	var out []RequestView
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantView); err != nil {
			return err
		}
		rs, err := tx.CaseFamilyRequests(ctx, caseID)
		if err != nil {
			return err
		}
		names := map[string]string{}
		ms, err := tx.CaseFamilyMembers(ctx, caseID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			names[m.ID] = m.Name
		}
		for _, r := range rs {
			out = append(out, RequestView{FamilyRequest: r, Parent: names[r.MemberID]})
		}
		return nil
	})
	return out, err
}

// FinishRequest marks a family's request as dealt with.
func (s *Service) FinishRequest(ctx context.Context, a accounts.Actor, id string) (*domain.FamilyRequest, error) {
	var r *domain.FamilyRequest
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		r, err = tx.FamilyRequestByID(ctx, id)
		if store.IsNotFound(err) {
			return domain.NotFound("request")
		} else if err != nil {
			return err
		}
		if err := casework.Authorize(ctx, tx, a, r.CaseID, casework.WantEdit); err != nil {
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return domain.NotFound("request")
			}
			return err
		}
		if ok, err := tx.FinishFamilyRequest(ctx, id, a.ID()); err != nil {
			return err
		} else if !ok {
			return domain.Errorf(domain.ECONFLICT, "This request was already marked as done.")
		}
		return tx.Audit(ctx, staffEntry(a, "family.request.done", "family_request", id, r.CaseID, ""))
	})
	return r, err
}

// OpenRequests counts the open family requests on a practitioner's own cases.
func (s *Service) OpenRequests(ctx context.Context, a accounts.Actor) (int, error) {
	if a.User == nil || a.User.Role != domain.RolePractitioner {
		return 0, nil
	}
	var n int
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		n, err = tx.CountOpenFamilyRequests(ctx, a.User.ID)
		return err
	})
	return n, err
}

// CaseRequests is a case with open requests from its family, for the caseload.
type CaseRequests struct {
	CaseID, Reference string
	Open              int
}

// OpenRequestCases lists a practitioner's own cases whose family asked for something.
func (s *Service) OpenRequestCases(ctx context.Context, a accounts.Actor) ([]CaseRequests, error) {
	if a.User == nil || a.User.Role != domain.RolePractitioner {
		return nil, nil
	}
	var out []CaseRequests
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		refs, counts, err := tx.OpenFamilyRequestCases(ctx, a.User.ID)
		for id, ref := range refs {
			out = append(out, CaseRequests{CaseID: id, Reference: ref, Open: counts[id]})
		}
		return err
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Reference < out[j].Reference })
	return out, err
}
