package store_test

import (
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// A clip's export row: queued (again) without losing the stored file's
// edges, progress that never un-readies a ready export, and gone with its
// clip and with its recording.
func TestClipExports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := mustUser(t, db, "ann@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "c1", u.ID)
		r := &domain.Recording{ID: "r1", CaseID: c.ID, UploaderID: u.ID, Filename: "a.mp4", Status: domain.RecordingReady}
		clip := &domain.Clip{ID: "k1", RecordingID: r.ID, SchemeID: domain.DefaultSchemeID, StartFrame: 3, EndFrame: 9,
			Codes: []string{}, Status: domain.ClipMarked, Version: 1, CreatedBy: u.ID}
		update := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := db.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		get := func(id string) (*domain.ClipExport, error) {
			var e *domain.ClipExport
			err := db.View(ctx, func(tx *store.Tx) (err error) { e, err = tx.ClipExport(ctx, id); return err })
			return e, err
		}
		update(func(tx *store.Tx) error {
			if err := tx.CreateRecording(ctx, r); err != nil {
				return err
			}
			if err := tx.CreateClip(ctx, clip); err != nil {
				return err
			}
			return tx.QueueClipExport(ctx, clip.ID, r.ID)
		})
		if e, err := get(clip.ID); err != nil || e.Status != domain.ClipExportQueued || e.StartFrame != -1 || e.Current(clip) {
			t.Fatalf("new export %+v %v", e, err)
		}
		update(func(tx *store.Tx) error { return tx.SetClipExportProgress(ctx, clip.ID, 0.5) })
		update(func(tx *store.Tx) error {
			return tx.UpdateClipExport(ctx, &domain.ClipExport{ClipID: clip.ID, Status: domain.ClipExportReady, Progress: 1, StartFrame: 3, EndFrame: 9})
		})
		update(func(tx *store.Tx) error { return tx.SetClipExportProgress(ctx, clip.ID, 0.1) })
		if e, err := get(clip.ID); err != nil || !e.Current(clip) || e.Progress != 1 {
			t.Fatalf("ready export %+v %v (a late progress write must not un-ready it)", e, err)
		}
		update(func(tx *store.Tx) error { return tx.QueueClipExport(ctx, clip.ID, r.ID) })
		if e, err := get(clip.ID); err != nil || e.Status != domain.ClipExportQueued || e.StartFrame != 3 || e.Progress != 0 {
			t.Fatalf("queued again %+v %v: the stored file's edges stay", e, err)
		}
		var all map[string]*domain.ClipExport
		update(func(tx *store.Tx) (err error) { all, err = tx.ClipExports(ctx, r.ID); return err })
		if len(all) != 1 || all[clip.ID] == nil {
			t.Errorf("exports of the recording: %v", all)
		}
		update(func(tx *store.Tx) error { return tx.DeleteClip(ctx, clip.ID) })
		if _, err := get(clip.ID); !store.IsNotFound(err) {
			t.Errorf("export of a deleted clip: %v", err)
		}
	})
}
