package recordings

import (
	"context"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Create makes a recording waiting for its upload. The caller must be able to
// edit the case, the case must have filming consent, and the size must fit
// the per-file limit and the uploader's quota, before any byte is sent.
func (s *Service) Create(ctx context.Context, a accounts.Actor, caseID, filename string, size int64) (*domain.Recording, error) {
	filename = cleanName(filename)
	if err := s.checkSize(size); err != nil {
		return nil, err
	}
	wrapped, err := s.Keys.WrapFor(vault.Scope{CaseID: caseID, Purpose: vault.PurposeFootage}, vault.NewFileKey())
	if err != nil {
		return nil, err
	}
	r := &domain.Recording{ID: auth.NewID(), CaseID: caseID, UploaderID: a.ID(), Filename: filename, Size: size,
		Status: domain.RecordingUploading, UploadKey: wrapped}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantEdit); err != nil {
			return err
		}
		if err := s.Consent.CanFilm(ctx, tx, caseID); err != nil {
			return err
		}
		if err := s.checkQuota(ctx, tx, a.ID(), size); err != nil {
			return err
		}
		var err error
		if r.Cycle, err = tx.CurrentCycle(ctx, caseID); err != nil {
			return err
		}
		if err := tx.CreateRecording(ctx, r); err != nil {
			return err
		}
		if err := tx.FollowWork(ctx, caseID, r.Cycle, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "recording.create", r)
	})
	return r, err
}

func (s *Service) checkSize(size int64) error {
	switch {
	case size <= 0:
		return domain.FieldError("size", "This file is empty (0 bytes). Check it plays on your device, then try again.")
	case size > s.MaxBytes:
		return domain.Errorf(domain.ETOOLARGE, "This file is %s; the limit is %s. Trim the recording on your device or export it at a lower quality, then try again.",
			human(size), human(s.MaxBytes))
	}
	return nil
}

func (s *Service) checkQuota(ctx context.Context, tx *store.Tx, userID string, size int64) error {
	used, err := tx.UploaderBytes(ctx, userID)
	if err != nil {
		return err
	}
	if used+size > s.QuotaBytes {
		return domain.Errorf(domain.ETOOLARGE, "Your recordings use %s of your %s allowance, and this file needs %s more. Delete recordings you no longer need, or ask your administrator for more space.",
			human(used), human(s.QuotaBytes), human(size))
	}
	return nil
}

// cleanName keeps the base name of a file, without control characters.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	for utf8.RuneCountInString(name) > 200 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	if name == "." || name == "/" || name == "" {
		return "video"
	}
	return name
}

// human writes a byte count for people: "1.5 GB".
func human(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
