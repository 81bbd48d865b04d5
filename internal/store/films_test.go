package store_test

import (
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func TestFilmStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := mustUser(t, db, "ann@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "c1", u.ID)
		f := &domain.Film{ID: "f1", CaseID: c.ID, Title: "Blocks", Version: 1, Status: domain.FilmDraft, CreatedBy: u.ID,
			Items: []domain.FilmItem{{ID: "i1", Kind: domain.ItemTitle, Text: "Hello", Seconds: 3, Speed: 1},
				{ID: "i2", Kind: domain.ItemClip, ClipID: "clip-1", Speed: 0.5, Caption: "You waited"}}}
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateFilm(ctx, f); err != nil {
				return err
			}
			return tx.SetFilmWords(ctx, f.ID, "i2", "She smiled", u.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		// A stale update changes nothing; a current one replaces the items in order.
		f.Items = []domain.FilmItem{f.Items[1], f.Items[0]}
		f.Title, f.Version = "Blocks again", 2
		var ok, stale bool
		err = db.Update(ctx, func(tx *store.Tx) (err error) {
			if ok, err = tx.UpdateFilm(ctx, f); err != nil {
				return err
			}
			stale, err = tx.UpdateFilm(ctx, f) // still version 2 in the caller: based on 1, now 2
			return err
		})
		if err != nil || !ok || stale {
			t.Fatalf("update: ok %v, stale update applied %v, err %v", ok, stale, err)
		}
		var got *domain.Film
		var users []string
		var allow string
		err = db.Update(ctx, func(tx *store.Tx) (err error) {
			if got, err = tx.FilmByID(ctx, f.ID); err != nil {
				return err
			}
			if users, err = tx.FilmsUsingClip(ctx, "clip-1"); err != nil {
				return err
			}
			now := time.Now()
			if err := tx.SetFilmRelease(ctx, f.ID, &now, u.ID); err != nil {
				return err
			}
			if err := tx.SetSetting(ctx, domain.SettingFilmDownloads, "true", u.ID); err != nil {
				return err
			}
			allow, err = tx.Setting(ctx, domain.SettingFilmDownloads, "false")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Blocks again" || got.Version != 2 || len(got.Items) != 2 || got.Items[0].ID != "i2" || got.Items[0].Speed != 0.5 ||
			got.Words["i2"] != "She smiled" || got.Cycle != 0 {
			t.Fatalf("film read back: %+v", got)
		}
		if len(users) != 1 || users[0] != "Blocks again" || allow != "true" {
			t.Fatalf("films using the clip %v, setting %q", users, allow)
		}
		// Files: the video replaces; segments are found by hash; deleting the film drops all.
		err = db.Update(ctx, func(tx *store.Tx) error {
			for _, ff := range []*domain.FilmFile{{ID: "v1", Kind: domain.FilmFileVideo}, {ID: "s1", Kind: domain.FilmFileSegment, Hash: "h1"}} {
				ff.FilmID, ff.BlobKey, ff.WrappedKey = f.ID, "film/f1/"+ff.ID, []byte("k")
				if err := tx.AddFilmFile(ctx, ff); err != nil {
					return err
				}
			}
			if s, err := tx.FilmSegment(ctx, f.ID, "h1"); err != nil || s.ID != "s1" {
				t.Errorf("segment by hash: %v %v", s, err)
			}
			if _, err := tx.FilmSegment(ctx, f.ID, "other"); !store.IsNotFound(err) {
				t.Errorf("a segment never made: %v", err)
			}
			if v, err := tx.FilmVideo(ctx, f.ID); err != nil || v.ID != "v1" {
				t.Errorf("video: %v %v", v, err)
			}
			return tx.DeleteFilm(ctx, f.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *store.Tx) error {
			if all, _ := tx.AllFilmFiles(ctx); len(all) != 0 {
				t.Errorf("%d film files left after the film was deleted", len(all))
			}
			if _, err := tx.FilmByID(ctx, f.ID); !store.IsNotFound(err) {
				t.Errorf("film after delete: %v", err)
			}
			return nil
		})
	})
}
