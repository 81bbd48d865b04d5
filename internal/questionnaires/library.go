package questionnaires

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ensureBundled stores the bundled instruments once per process; a changed
// bundled definition becomes a new version.
func (s *Service) ensureBundled(ctx context.Context) error {
	s.seedMu.Lock()
	defer s.seedMu.Unlock()
	if s.seeded {
		return nil
	}
	all, err := Bundled()
	if err != nil {
		return err
	}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		for _, in := range all {
			if _, _, err := s.put(ctx, tx, in, ""); err != nil {
				return err
			}
		}
		return nil
	})
	s.seeded = err == nil
	return err
}

// put stores an instrument as a new version unless the newest version is
// the same; it returns the stored version and whether it was new.
func (s *Service) put(ctx context.Context, tx *store.Tx, in *Instrument, by string) (*Instrument, bool, error) {
	def, err := json.Marshal(in)
	if err != nil {
		return nil, false, err
	}
	latest, err := tx.LatestInstrument(ctx, in.Key)
	version := 1
	switch {
	case err == nil && latest.Definition == string(def):
		out, err := load(latest)
		return out, false, err
	case err == nil:
		version = latest.Version + 1
	case !store.IsNotFound(err):
		return nil, false, err
	}
	si := &domain.StoredInstrument{ID: auth.NewID(), Key: in.Key, Version: version, Name: in.Name, Source: in.Source,
		Definition: string(def), CreatedBy: by}
	if err := tx.CreateInstrument(ctx, si); err != nil {
		return nil, false, err
	}
	out, err := load(si)
	return out, true, err
}

// Instruments lists the newest version of every instrument in the library.
func (s *Service) Instruments(ctx context.Context, a accounts.Actor) ([]*Instrument, error) {
	if err := staff(a); err != nil {
		return nil, err
	}
	if err := s.ensureBundled(ctx); err != nil {
		return nil, err
	}
	var out []*Instrument
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		all, err := tx.Instruments(ctx)
		for _, si := range all {
			in, err := load(si)
			if err != nil {
				return err
			}
			out = append(out, in)
		}
		return err
	})
	return out, err
}

// Instrument loads one instrument version; any signed-in staff may read the library.
func (s *Service) Instrument(ctx context.Context, a accounts.Actor, id string) (*Instrument, error) {
	if err := staff(a); err != nil {
		return nil, err
	}
	if err := s.ensureBundled(ctx); err != nil {
		return nil, err
	}
	var in *Instrument
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		in, err = s.instrument(ctx, tx, id)
		return err
	})
	return in, err
}

// Import adds a FHIR R4 Questionnaire to the library (administrators only).
// The same document twice changes nothing; a changed one is a new version.
func (s *Service) Import(ctx context.Context, a accounts.Actor, doc []byte) (*ImportResult, bool, error) {
	if err := adminOnly(a); err != nil {
		return nil, false, err
	}
	r, err := ImportFHIR(doc)
	if err != nil {
		return nil, false, err
	}
	if err := s.ensureBundled(ctx); err != nil {
		return nil, false, err
	}
	bundled, _ := Bundled()
	for _, b := range bundled {
		if b.Key == r.Instrument.Key {
			return nil, false, domain.FieldError("url", "%s is the address of the bundled %s. Give your version its own url, so both can be told apart.", b.Key, b.Name)
		}
	}
	var created bool
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		in, isNew, err := s.put(ctx, tx, r.Instrument, a.ID())
		if err != nil {
			return err
		}
		r.Instrument, created = in, isNew
		if !isNew {
			return nil
		}
		return audit(ctx, tx, a, "instrument.import", "instrument", in.ID, "", fmt.Sprintf("version %d", in.Version))
	})
	return r, created, err
}
