package recordings

import (
	"context"
	"io"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// File is an opened, decrypting view of one stored file. It reads only the
// chunks a request touches, so it serves HTTP Range requests directly.
type File struct {
	*vault.Reader
	Info      *domain.StoredFile
	Recording *domain.Recording
	closer    io.Closer
}

// Close releases the underlying object.
func (f *File) Close() error { return f.closer.Close() }

// Open checks the caller may see the recording, and opens one of its files.
// When viewing is set, the opening is written to the audit trail as a view
// of the film; in a request, the router's gate (domain.ViewGate) keeps that
// to one entry per viewer, file and window, however many Range requests.
func (s *Service) Open(ctx context.Context, a accounts.Actor, id, kind string, viewing bool) (*File, error) {
	var r *domain.Recording
	var info *domain.StoredFile
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = Load(ctx, tx, a, id, casework.WantView); err != nil {
			return err
		}
		if err := s.CheckFootage(ctx, tx, a, r.CaseID); err != nil {
			return err
		}
		info, err = tx.FileOfKind(ctx, id, kind)
		if store.IsNotFound(err) {
			return domain.Errorf(domain.ENOTFOUND, "This recording isn't ready to play yet. Wait until processing has finished.")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	f, err := s.OpenStored(ctx, info)
	if err != nil {
		return nil, err
	}
	f.Recording = r
	if viewing {
		err = s.DB.AuditView(ctx, entry(a, "recording.view."+kind, r))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// OpenStored decrypts a stored file by its row, with no access check: for
// the system's own work (processing), never for a request.
func (s *Service) OpenStored(ctx context.Context, info *domain.StoredFile) (*File, error) {
	key, err := s.Keys.Unwrap(info.WrappedKey)
	if err != nil {
		return nil, err
	}
	obj, err := blob.OpenWarm(ctx, s.Blobs, info.BlobKey)
	if err != nil {
		return nil, err
	}
	rd, err := vault.OpenSource(obj, key, info.ID)
	if err != nil {
		obj.Close()
		return nil, err
	}
	return &File{Reader: rd, Info: info, closer: obj}, nil
}
