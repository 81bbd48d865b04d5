package processing

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// progressEvery limits progress writes during the playback copy.
const progressEvery = 500 * time.Millisecond

// progress records the recording as processing, done (0..1) of the way.
func (p *Processor) progress(ctx context.Context, recordingID string, done float64) error {
	return p.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.SetRecordingProgress(ctx, recordingID, domain.RecordingProcessing, done)
	})
}

// progressBar maps a step's own 0..1 onto from..to of the whole, writing at
// most every progressEvery. A failed write is logged: the bar is cosmetic.
func (p *Processor) progressBar(ctx context.Context, recordingID string, from, to float64) func(float64) {
	var mu sync.Mutex
	var last time.Time
	return func(done float64) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		if err := p.progress(ctx, recordingID, from+(to-from)*done); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "recording progress not saved", "recording", recordingID, "err", err)
		}
	}
}
