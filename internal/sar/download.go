package sar

import (
	"context"
	"errors"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Download is an export opened for reading.
type Download struct {
	*vault.Reader
	Export *domain.SARExport
	obj    blob.Object
}

// Close releases the stored object.
func (d *Download) Close() error { return d.obj.Close() }

// Export shows an export to the person who made it, until it expires.
func (s *Service) Export(ctx context.Context, a accounts.Actor, id string) (*domain.SARExport, error) {
	var e *domain.SARExport
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { e, err = s.mine(ctx, tx, a, id); return err })
	return e, err
}

func (s *Service) mine(ctx context.Context, tx *store.Tx, a accounts.Actor, id string) (*domain.SARExport, error) {
	e, err := tx.ExportByID(ctx, id)
	if store.IsNotFound(err) || (err == nil && (e.CreatedBy != a.ID() || !s.now().Before(e.ExpiresAt))) {
		return nil, domain.Errorf(domain.ENOTFOUND, "We couldn't find that export. Exports can be downloaded only by whoever made them, for %d days; make a new one.", int(s.ttl().Hours()/24))
	}
	return e, err
}

// Open opens an export's zip for its maker, decrypting as it is read; the
// download is audited.
func (s *Service) Open(ctx context.Context, a accounts.Actor, id string) (*Download, error) {
	var e *domain.SARExport
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if e, err = s.mine(ctx, tx, a, id); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "sar.download", ObjectType: "sar_export", ObjectID: id, CaseID: e.CaseID, IP: a.IP})
	})
	if err != nil {
		return nil, err
	}
	fk, err := s.Keys.Unwrap(e.WrappedKey)
	if err != nil {
		return nil, err
	}
	obj, err := s.Blobs.Open(ctx, e.BlobKey)
	if err != nil {
		return nil, err
	}
	r, err := vault.NewReader(obj, obj.Size(), fk, e.ID)
	if err != nil {
		obj.Close()
		return nil, err
	}
	return &Download{Reader: r, Export: e, obj: obj}, nil
}

// Sweep erases expired exports, and stored exports whose row is gone (their
// case was erased); it returns how many it removed.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	var expired []*domain.SARExport
	var kept []string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if expired, err = tx.ExpiredExportsAt(ctx, s.now()); err != nil {
			return err
		}
		for _, e := range expired {
			if err := tx.DeleteExport(ctx, e.ID); err != nil {
				return err
			}
		}
		kept, err = tx.ExportKeys(ctx)
		return err
	})
	if err != nil {
		return 0, err
	}
	stored, err := s.Blobs.List(ctx, blobPrefix)
	if err != nil {
		return 0, err
	}
	keep := map[string]bool{}
	for _, k := range kept {
		keep[k] = true
	}
	n := 0
	var errs []error
	for _, k := range stored {
		if !keep[k] {
			errs = append(errs, s.Blobs.Delete(ctx, k))
			n++
		}
	}
	return n, errors.Join(errs...)
}
