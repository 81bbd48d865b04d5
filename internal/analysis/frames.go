package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// FrameTimes reads a recording's stored frame table: every frame's
// presentation time in microseconds. Frame numbers become times only through
// it, never by arithmetic on a frame rate (phone video has none).
func (s *Service) FrameTimes(ctx context.Context, recordingID string) ([]int64, error) {
	var info *domain.StoredFile
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		info, err = tx.FileOfKind(ctx, recordingID, domain.FileFrames)
		return err
	})
	if store.IsNotFound(err) {
		return nil, domain.Errorf(domain.ECONFLICT, "This recording has no frame table yet. Wait until processing has finished.")
	} else if err != nil {
		return nil, err
	}
	f, err := s.Files.OpenStored(ctx, info)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseFrameTimes(io.NewSectionReader(f, 0, f.Size()))
}

// ParseFrameTimes reads the frames file ({"pts_ms":[0.000,33.367,...]}).
func ParseFrameTimes(r io.Reader) ([]int64, error) {
	var doc struct {
		PTSms []json.Number `json:"pts_ms"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("read the frame table: %w", err)
	}
	out := make([]int64, len(doc.PTSms))
	for i, n := range doc.PTSms {
		ms, err := n.Float64()
		if err != nil {
			return nil, fmt.Errorf("frame table entry %d: %w", i, err)
		}
		out[i] = int64(math.Round(ms * 1000))
	}
	return out, nil
}

// frameEnd is when frame i stops being shown: the next frame's time, or for
// the last frame its time plus the interval before it (a guess only there).
func frameEnd(pts []int64, i int) int64 {
	if i+1 < len(pts) {
		return pts[i+1]
	}
	if i > 0 {
		return pts[i] + pts[i] - pts[i-1]
	}
	return pts[i] + 40_000
}
