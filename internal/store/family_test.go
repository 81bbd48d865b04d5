package store_test

import (
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func TestFamilyTables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := mustUser(t, db, "g@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "c1", u.ID)
		m := &domain.FamilyMember{ID: "m1", CaseID: c.ID, Name: "Ann", Email: "ann@example.org", Lang: "pl", InvitedBy: u.ID}
		future := time.Now().Add(time.Hour)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateFamilyMember(ctx, m); err != nil {
				return err
			}
			for _, p := range []*domain.FamilyPass{
				{Hash: "h-live", MemberID: m.ID, Kind: domain.PassCode, ExpiresAt: future},
				{Hash: "h-old", MemberID: m.ID, Kind: domain.PassLink, ExpiresAt: time.Now().Add(-time.Minute)},
			} {
				if err := tx.CreateFamilyPass(ctx, p); err != nil {
					return err
				}
			}
			return tx.CreateFamilySession(ctx, &domain.FamilySession{IDHash: "s1", MemberID: m.ID, CreatedAt: time.Now(),
				LastSeenAt: time.Now(), ExpiresAt: future, Lang: "pl"})
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.FamilyPassByHash(ctx, "h-live", domain.PassLink); !store.IsNotFound(err) {
				t.Errorf("a code found as a link: %v", err)
			}
			if ok, err := tx.UseFamilyPass(ctx, "h-live"); !ok || err != nil {
				t.Errorf("first use: %v %v", ok, err)
			}
			if ok, _ := tx.UseFamilyPass(ctx, "h-live"); ok {
				t.Error("a pass used twice")
			}
			if ok, _ := tx.UseFamilyPass(ctx, "h-old"); ok {
				t.Error("an expired pass used")
			}
			for hash, want := range map[string]string{"h-live": "used", "h-old": "expired", "nope": ""} {
				if got, _ := tx.FamilyPassState(ctx, hash); got != want {
					t.Errorf("state of %s: %q, want %q", hash, got, want)
				}
			}
			sess, got, err := tx.FamilySessionWithMember(ctx, "s1")
			if err != nil || got.Email != "ann@example.org" || sess.Lang != "pl" || !sess.UnlockedAt.IsZero() {
				t.Errorf("session with member: %+v %+v %v", sess, got, err)
			}
			if ms, _ := tx.FamilyMembersByEmail(ctx, "ANN@example.org"); len(ms) != 1 {
				t.Errorf("members by e-mail: %d", len(ms))
			}
			r := &domain.FamilyRequest{ID: "r1", CaseID: c.ID, MemberID: m.ID, Kind: domain.RequestData}
			if err := tx.CreateFamilyRequest(ctx, r); err != nil {
				t.Fatal(err)
			}
			if n, _ := tx.CountOpenFamilyRequests(ctx, u.ID); n != 1 {
				t.Errorf("open requests: %d", n)
			}
			if ok, _ := tx.FinishFamilyRequest(ctx, "r1", u.ID); !ok {
				t.Error("finishing a request")
			}
			if err := tx.PutFamilyLocale(ctx, &domain.FamilyLocale{Lang: "de", Name: "Deutsch", Catalogue: `{"a":"b"}`, UpdatedBy: "x"}); err != nil {
				t.Fatal(err)
			}
			if ls, _ := tx.FamilyLocales(ctx); len(ls) != 1 || ls[0].Name != "Deutsch" {
				t.Errorf("locales: %+v", ls)
			}
			if err := tx.AddFamilyMedia(ctx, &domain.FamilyMedia{ID: "f1", Kind: "image", Name: "a.png", ContentType: "image/png",
				BlobKey: "resources/f1", WrappedKey: []byte{1, 2, 3}, Size: 3, CreatedBy: "x"}); err != nil {
				t.Fatal(err)
			}
			if f, err := tx.FamilyMediaByID(ctx, "f1"); err != nil || string(f.WrappedKey) != "\x01\x02\x03" {
				t.Errorf("media: %+v %v", f, err)
			}
			return nil
		})
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.DeleteMemberFamilySessions(ctx, m.ID) }); err != nil {
			t.Fatal(err)
		}
	})
}
