package backup

import (
	"context"
	"errors"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Reapply re-applies, to a restored database, every erasure made since
// the backup was taken, as the case key folder and the shred list (kept
// beside the key file, not in the backup) record them: cases whose records
// key was destroyed, and listed cases and recordings, are deleted again,
// and so is every file whose key is listed or whose case key was destroyed
// (vault.ErrErased). A case key merely missing from the folder is not an
// erasure: Check then fails, naming the folder. It returns the erased files' ids,
// whose bytes are then not restored. keys must be using shreds.
func Reapply(ctx context.Context, db *store.DB, keys *vault.KeyRing, shreds *vault.ShredList) (map[string]bool, error) {
	erased := map[string]bool{}
	cases, err := keys.ErasedCases()
	if err != nil {
		return nil, err
	}
	cases = append(cases, shreds.Values("case")...)
	err = db.Update(ctx, func(tx *store.Tx) error {
		for _, id := range cases {
			if err := eraseCaseRows(ctx, tx, id, erased); err != nil {
				return err
			}
		}
		for _, id := range shreds.Values("recording") {
			if err := eraseRecordingRows(ctx, tx, id, erased); err != nil {
				return err
			}
		}
		files, err := tx.AllFiles(ctx)
		if err != nil {
			return err
		}
		for _, f := range files {
			if _, err := keys.Unwrap(f.WrappedKey); errors.Is(err, vault.ErrShredded) || errors.Is(err, vault.ErrErased) {
				erased[f.ID] = true
				if err := tx.DeleteFile(ctx, f.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return erased, err
}

func eraseCaseRows(ctx context.Context, tx *store.Tx, caseID string, erased map[string]bool) error {
	recs, err := tx.CaseRecordingIDs(ctx, caseID) // ids only: the rows' text no longer opens
	if err != nil {
		return err
	}
	for _, id := range recs {
		if err := eraseRecordingRows(ctx, tx, id, erased); err != nil {
			return err
		}
	}
	return tx.DeleteCase(ctx, caseID)
}

func eraseRecordingRows(ctx context.Context, tx *store.Tx, id string, erased map[string]bool) error {
	files, err := tx.RecordingFiles(ctx, id)
	if err != nil {
		return err
	}
	for _, f := range files {
		erased[f.ID] = true
	}
	return tx.DeleteRecording(ctx, id)
}

// without returns the manifest less the erased files; counts are dropped
// when anything was erased, since rows went with it.
func (m *Manifest) without(erased map[string]bool) *Manifest {
	if len(erased) == 0 {
		return m
	}
	out := *m
	out.Files = nil
	for _, f := range m.Files {
		if !erased[f.ID] {
			out.Files = append(out.Files, f)
		}
	}
	out.Counts = nil
	return &out
}
