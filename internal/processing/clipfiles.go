package processing

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ClipFile makes sure the clip's export is current (exporting it now,
// synchronously, if it is missing or stale) and writes its decrypted MP4
// into dir, returning the path. The caller removes dir.
func (p *Processor) ClipFile(ctx context.Context, clipID, dir string) (string, error) {
	c, err := p.clip(ctx, clipID)
	if store.IsNotFound(err) {
		return "", domain.NotFound("clip")
	} else if err != nil {
		return "", err
	}
	if !c.Export.Current(c) {
		if err := p.ClipExport(ctx, clipID); err != nil {
			return "", err
		}
	}
	var info *domain.StoredFile
	err = p.DB.View(ctx, func(tx *store.Tx) error {
		cur, err := tx.ClipByID(ctx, clipID)
		if err != nil {
			return err
		}
		if cur.Export, err = tx.ClipExport(ctx, clipID); err != nil {
			return err
		}
		if !cur.Export.Current(cur) {
			return domain.Errorf(domain.ECONFLICT, "The clip changed while its video was being made. Try again.")
		}
		info, err = tx.FileOfKind(ctx, cur.RecordingID, domain.ClipFileKind(clipID))
		return err
	})
	if store.IsNotFound(err) {
		return "", domain.NotFound("clip")
	} else if err != nil {
		return "", err
	}
	return p.decryptTo(ctx, info, filepath.Join(dir, "clip-"+clipID+".mp4"))
}

// StillFile writes a ready still's decrypted PNG into dir and returns the path.
func (p *Processor) StillFile(ctx context.Context, stillID, dir string) (string, error) {
	var info *domain.StoredFile
	err := p.DB.View(ctx, func(tx *store.Tx) error {
		st, err := tx.StillByID(ctx, stillID)
		if err != nil {
			return err
		}
		if st.Status != domain.StillReady {
			return domain.Errorf(domain.ECONFLICT, "This still isn't ready yet (it is %s). Wait until it has been made, or take it again.", st.Status)
		}
		info, err = tx.FileOfKind(ctx, st.RecordingID, domain.StillFileKind(st.ID))
		return err
	})
	if store.IsNotFound(err) {
		return "", domain.NotFound("still")
	} else if err != nil {
		return "", err
	}
	return p.decryptTo(ctx, info, filepath.Join(dir, "still-"+stillID+".png"))
}

// decryptTo writes a stored file, decrypted, to path (created 0600, replacing nothing).
func (p *Processor) decryptTo(ctx context.Context, info *domain.StoredFile, path string) (string, error) {
	src, err := p.files().OpenStored(ctx, info)
	if err != nil {
		return "", err
	}
	defer src.Close()
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, io.NewSectionReader(src, 0, src.Size()))
	if e := out.Close(); err == nil {
		err = e
	}
	if err != nil {
		os.Remove(path)
		return "", fmt.Errorf("decrypt %s: %w", info.Kind, err)
	}
	return path, nil
}

// clipBar records an export's progress, at most every progressEvery.
func (p *Processor) clipBar(ctx context.Context, clipID string) func(float64) {
	return throttled(func(done float64) error {
		return p.DB.Update(ctx, func(tx *store.Tx) error { return tx.SetClipExportProgress(ctx, clipID, done) })
	})
}

// throttled calls write with the latest progress at most every
// progressEvery (the first call always); a failed write is logged.
func throttled(write func(float64) error) func(float64) {
	var mu sync.Mutex
	var last time.Time
	return func(done float64) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < progressEvery && done < 1 {
			return
		}
		last = time.Now()
		if err := write(done); err != nil {
			slog.Warn("clip export progress not saved", "err", err)
		}
	}
}
