package upload

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"syscall"

	"github.com/attune-vig/attune/internal/blob"
	tusd "github.com/tus/tusd/v2/pkg/handler"
)

// errReserve reports a write refused to keep the free-disk reserve.
var errReserve = errors.New("upload: free-disk reserve reached")

// checkReserve refuses n more bytes if they would cross the reserve.
func (s *store) checkReserve(n int64) error {
	if s.cfg.ReserveBytes <= 0 {
		return nil
	}
	free, err := blob.FreeSpace(s.cfg.Dir)
	if err != nil {
		return err
	}
	if free-2*n < s.cfg.ReserveBytes {
		return errReserve
	}
	return nil
}

// storageError turns a failure while storing into the answer the client
// gets; safe is the offset the upload is safe up to.
func storageError(err error, safe int64) error {
	var te tusd.Error
	if errors.As(err, &te) {
		return te
	}
	if isDiskFull(err) {
		slog.Warn("upload: disk full", "error", err)
		return diskFullError(safe)
	}
	return internalError(err)
}

func isDiskFull(err error) bool {
	return errors.Is(err, errReserve) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		errors.Is(err, blob.ErrDiskFull) || errors.Is(err, blob.ErrReserve)
}

// diskFullError is the 507 answer when the staging or blob disk is full.
func diskFullError(safe int64) error {
	return tusd.NewError("ERR_DISK_FULL", fmt.Sprintf(
		"The server's disk is full. Your upload is safe up to %s (byte %d); ask your administrator to free space, then resume.",
		humanBytes(safe), safe), http.StatusInsufficientStorage)
}

// internalError logs err and returns an answer without internal detail.
func internalError(err error) error {
	slog.Error("upload: storing failed", "error", err)
	return tusd.NewError("ERR_INTERNAL", "Something went wrong on our side while storing your upload. "+
		"What the server acknowledged is safe; try again, and if it keeps happening, tell your administrator.",
		http.StatusInternalServerError)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
