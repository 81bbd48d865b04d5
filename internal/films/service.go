// Package films holds the rules of films: the short films a guider makes for
// a case from its clips, stills and title cards, their rendering (a durable
// job; see processing.RenderFilm), the shared review with the family (the
// parent's words against each item, the next steps they want to try), and
// releasing a film to the family. Everything is authorized through the
// film's case with casework.Authorize, and every view and change is audited.
package films

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Service is the film rules over the database, key ring and blob store.
type Service struct {
	DB    *store.DB
	Keys  *vault.KeyRing
	Blobs blob.Store
	// Footage is asked before anyone sees a case's footage (a supervisor
	// needs the family's consent to supervision).
	Footage *recordings.Service
	// EnqueueRender schedules a render inside the caller's transaction and
	// returns the job's id; a job already waiting for the film is kept.
	EnqueueRender func(ctx context.Context, tx *store.Tx, filmID string) (int64, error)
	// CancelJob cancels a queued or running render job.
	CancelJob func(ctx context.Context, tx *store.Tx, jobID int64) error
}

// load finds a film and checks the caller may do what they want to its
// case; a film the caller may not see is "not found".
func load(ctx context.Context, tx *store.Tx, a accounts.Actor, id, want string) (*domain.Film, error) {
	f, err := tx.FilmByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, domain.NotFound("film")
	} else if err != nil {
		return nil, err
	}
	if err := casework.Authorize(ctx, tx, a, f.CaseID, want); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.NotFound("film")
		}
		return nil, err
	}
	return f, nil
}

// edit runs fn on a film the caller may change, in one transaction.
func (s *Service) edit(ctx context.Context, a accounts.Actor, id string, fn func(tx *store.Tx, f *domain.Film) error) (*domain.Film, error) {
	var out *domain.Film
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		f, err := load(ctx, tx, a, id, casework.WantEdit)
		if err != nil {
			return err
		}
		if err := fn(tx, f); err != nil {
			return err
		}
		out, err = tx.FilmByID(ctx, id)
		return err
	})
	return out, err
}

// Film returns one film the caller may see; looking at it is audited.
func (s *Service) Film(ctx context.Context, a accounts.Actor, id string) (*domain.Film, error) {
	var f *domain.Film
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		f, err = load(ctx, tx, a, id, casework.WantView)
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, s.DB.AuditView(ctx, entry(a, "film.view", f))
}

// Status returns a film's render state for polling: not a viewing of its
// content, so not audited (like a recording's status).
func (s *Service) Status(ctx context.Context, a accounts.Actor, id string) (*domain.Film, error) {
	var f *domain.Film
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		f, err = load(ctx, tx, a, id, casework.WantView)
		return err
	})
	return f, err
}

// ForCase lists a case's films; the listing is audited as a view of the case's films.
func (s *Service) ForCase(ctx context.Context, a accounts.Actor, caseID string) ([]*domain.Film, error) {
	var out []*domain.Film
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantView); err != nil {
			return err
		}
		var err error
		out, err = tx.CaseFilms(ctx, caseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, s.DB.AuditView(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "film.list", ObjectType: "case",
		ObjectID: caseID, CaseID: caseID, IP: a.IP})
}

func audit(ctx context.Context, tx *store.Tx, a accounts.Actor, action string, f *domain.Film) error {
	return tx.Audit(ctx, entry(a, action, f))
}

func entry(a accounts.Actor, action string, f *domain.Film) domain.AuditEntry {
	return domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: "film", ObjectID: f.ID, CaseID: f.CaseID, IP: a.IP}
}
