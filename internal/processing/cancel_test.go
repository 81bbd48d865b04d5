package processing

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/jobs"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Cancelling during the re-encode stops ffmpeg and leaves no plaintext work
// files and no playback row; the recording stays processing, for a retry.
func TestCancelMidTranscode(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	src := source(t, "hevc_long.mov")
	id := e.upload(t, src)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { // cancel once the playback copy reports progress
		for cctx.Err() == nil {
			if r, err := e.p.recording(cctx, id); err == nil && r.Progress > doneFrames {
				cancel()
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	err := e.p.Process(cctx, id)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Process: %v, want cancelled", err)
	}
	rec := e.recording(t, id)
	if rec.Status != domain.RecordingProcessing || rec.Progress >= donePlayback {
		t.Errorf("recording is %s at %.2f, want processing mid-way", rec.Status, rec.Progress)
	}
	if fs := e.files(t, id); len(fs[domain.FilePlayback]) != 0 {
		t.Error("a cancelled run recorded a playback copy")
	}
	e.assertNoPlaintext(t, src)
}

// Through the job queue: an upload becomes ready; a text file fails once and
// is not tried again.
func TestQueueRunsProcessor(t *testing.T) {
	tests := []struct {
		name, status string
		path         func(t *testing.T) string
	}{
		{"video", domain.RecordingReady, func(t *testing.T) string { return source(t, "h264_aac.mp4") }},
		{"text", domain.RecordingFailed, func(t *testing.T) string {
			p := t.TempDir() + "/notes.txt"
			os.WriteFile(p, []byte("not a film at all\n"), 0o600)
			return p
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, storetest.SQLite(t))
			id := e.upload(t, tt.path(t))
			var calls atomic.Int32
			process := func(ctx context.Context, id string) error { calls.Add(1); return e.p.Process(ctx, id) }
			q, err := jobs.New(ctx, e.db, jobs.Options{Work: true, Process: process,
				Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			defer q.Stop(ctx)
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			if err := e.db.Update(ctx, func(tx *store.Tx) error { return q.EnqueueProcess(ctx, tx, id) }); err != nil {
				t.Fatal(err)
			}
			waitStatus(t, e, id, tt.status, 30*time.Second)
			time.Sleep(2500 * time.Millisecond) // a retry would come after ~1 s
			if n := calls.Load(); n != 1 {
				t.Errorf("processed %d times, want once", n)
			}
		})
	}
}

func waitStatus(t *testing.T, e *env, id, want string, within time.Duration) {
	t.Helper()
	for end := time.Now().Add(within); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if e.recording(t, id).Status == want {
			return
		}
	}
	t.Fatalf("recording not %s within %s: %+v", want, within, e.recording(t, id))
}
