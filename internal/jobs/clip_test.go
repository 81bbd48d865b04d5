package jobs

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// A clip export job runs after its transaction commits, once per clip
// while pending.
func TestClipExportJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		got := make(chan string, 4)
		q, err := New(context.Background(), db, Options{Process: func(context.Context, string) error { return nil }, Work: true, Logger: quiet,
			ClipExport: func(ctx context.Context, id string) error { got <- id; return nil }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Stop(context.Background()) })
		err = db.Update(context.Background(), func(tx *store.Tx) error {
			for range 2 {
				if err := q.EnqueueClipExport(context.Background(), tx, "clip-1"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if js := jobs(t, q); len(js) != 1 || js[0].Kind != "export_clip" {
			t.Fatalf("want one pending export job, got %s", describe(js))
		}
		start(t, q)
		select {
		case id := <-got:
			if id != "clip-1" {
				t.Fatalf("exported %q, want clip-1", id)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("the export job did not run within 15 s")
		}
		waitJob(t, q, rivertype.JobStateCompleted, 5*time.Second)
	})
}

// After its last attempt a failing export is handed to giveUp; before, it is retried.
func TestClipExportGivesUpAfterLastAttempt(t *testing.T) {
	var gaveUp []string
	w := &clipWorker{export: func(context.Context, string) error { return errors.New("ffmpeg failed") },
		giveUp: func(_ context.Context, id string, _ error) { gaveUp = append(gaveUp, id) }, logger: quiet}
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		job := &river.Job[clipExportArgs]{JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: maxAttempts}, Args: clipExportArgs{ClipID: "c1"}}
		if err := w.Work(context.Background(), job); err == nil {
			t.Fatalf("attempt %d: a failed export returned no error", attempt)
		}
		if want := attempt / maxAttempts; len(gaveUp) != want {
			t.Fatalf("after attempt %d giveUp ran %d times, want %d", attempt, len(gaveUp), want)
		}
	}
}
