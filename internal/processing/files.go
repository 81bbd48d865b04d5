package processing

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
)

// files is the one place that stores and opens encrypted files.
func (p *Processor) files() *recordings.Service {
	return &recordings.Service{DB: p.DB, Keys: p.Keys, Blobs: p.Blobs}
}

// decryptOriginal writes the recording's original, decrypted, to path
// (created 0600; it must not exist).
func (p *Processor) decryptOriginal(ctx context.Context, recordingID, path string) error {
	var f *domain.StoredFile
	err := p.DB.View(ctx, func(tx *store.Tx) (err error) {
		f, err = tx.FileOfKind(ctx, recordingID, domain.FileOriginal)
		return err
	})
	if err != nil {
		return fmt.Errorf("find the original of recording %s: %w", recordingID, err)
	}
	src, err := p.files().OpenStored(ctx, f)
	if err != nil {
		return err
	}
	defer src.Close()
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, io.NewSectionReader(src, 0, src.Size()))
	if e := out.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("decrypt the original of recording %s: %w", recordingID, err)
	}
	return nil
}

// storeJSON stores v, as JSON, as the recording's file of kind.
func (p *Processor) storeJSON(ctx context.Context, recordingID, kind string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return p.store(ctx, recordingID, kind, "application/json", bytes.NewReader(b))
}

// storePath stores the file at path as the recording's file of kind.
func (p *Processor) storePath(ctx context.Context, recordingID, kind, contentType, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return p.store(ctx, recordingID, kind, contentType, f)
}

// store encrypts src into the blob store as the recording's file of kind,
// in place of any earlier one (from a run that was cut off).
func (p *Processor) store(ctx context.Context, recordingID, kind, contentType string, src io.Reader) error {
	_, err := p.files().StoreFile(ctx, recordingID, kind, contentType, src)
	return err
}
