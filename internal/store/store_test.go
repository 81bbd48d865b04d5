package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

var ctx = context.Background()

func mustUser(t *testing.T, db *store.DB, email string, role domain.Role) *domain.User {
	t.Helper()
	u := &domain.User{ID: "u-" + email, Email: email, Name: "Name " + email, Role: role, MFARequired: true}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	return u
}

func mustCase(t *testing.T, db *store.DB, id, owner string) *domain.Case {
	t.Helper()
	c := &domain.Case{ID: id, OwnerID: owner, Reference: "REF-" + id, Focus: "feeling safe", Status: domain.CaseOpen,
		Participants: []domain.Participant{
			{ID: id + "-p1", Role: domain.ParticipantAdult, Name: "Ann", Relation: "mother"},
			{ID: id + "-p2", Role: domain.ParticipantChild, Name: "Sam", BirthDate: "2021-05-04"},
		}}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateCase(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := mustUser(t, db, "ann@example.org", domain.RolePractitioner)
		dup := &domain.User{ID: "other", Email: "ANN@example.org ", Name: "x", Role: domain.RoleAdmin}
		err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, dup) })
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("duplicate e-mail: got %v, want a field error", err)
		}
		var got *domain.User
		err = db.View(ctx, func(tx *store.Tx) error {
			var err error
			got, err = tx.UserByEmail(ctx, "Ann@Example.org")
			return err
		})
		if err != nil || got.ID != u.ID || !got.MFARequired || got.DisabledAt != nil {
			t.Fatalf("UserByEmail = %+v, %v", got, err)
		}
		now := time.Now()
		got.DisabledAt, got.TOTPSecret, got.FailedLogins = &now, "SECRET", 3
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, got) }); err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *store.Tx) error { got, err = tx.UserByID(ctx, u.ID); return err })
		if got.DisabledAt == nil || got.TOTPSecret != "SECRET" || got.FailedLogins != 3 {
			t.Fatalf("update not stored: %+v", got)
		}
	})
}

func TestRecoveryCodesAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := mustUser(t, db, "bo@example.org", domain.RoleSupervisor)
		var used, again bool
		var left int
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.ReplaceRecoveryCodes(ctx, u.ID, []string{"h1", "h2"}); err != nil {
				return err
			}
			used, _ = tx.UseRecoveryCode(ctx, u.ID, "h1")
			again, _ = tx.UseRecoveryCode(ctx, u.ID, "h1")
			left, _ = tx.UnusedRecoveryCodes(ctx, u.ID)
			now := tx.Now()
			for i := range 3 {
				s := &domain.Session{IDHash: fmt.Sprint("s", i), UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
				if err := tx.CreateSession(ctx, s); err != nil {
					return err
				}
			}
			return tx.DeleteUserSessions(ctx, u.ID)
		})
		if err != nil || !used || again || left != 1 {
			t.Fatalf("recovery: used=%v again=%v left=%d err=%v", used, again, left, err)
		}
		err = db.View(ctx, func(tx *store.Tx) error { _, err := tx.SessionByHash(ctx, "s1"); return err })
		if !store.IsNotFound(err) {
			t.Fatalf("session survived DeleteUserSessions: %v", err)
		}
	})
}

func TestCaseAccessAndConflicts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		owner := mustUser(t, db, "owner@example.org", domain.RolePractitioner)
		other := mustUser(t, db, "other@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "c1", owner.ID)
		access := func(uid string) domain.Access {
			var a domain.Access
			db.View(ctx, func(tx *store.Tx) error { var err error; a, err = tx.CaseAccess(ctx, uid, c.ID); return err })
			return a
		}
		if access(owner.ID) != domain.AccessOwner || access(other.ID) != domain.AccessNone {
			t.Fatal("wrong access before sharing")
		}
		db.Update(ctx, func(tx *store.Tx) error { return tx.ShareCase(ctx, c.ID, other.ID, owner.ID) })
		if access(other.ID) != domain.AccessShared {
			t.Fatal("share did not give access")
		}
		stale := *c
		c.Focus = "playing together"
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateCase(ctx, c) }); err != nil {
			t.Fatal(err)
		}
		err := db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateCase(ctx, &stale) })
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("stale update: got %v, want conflict", err)
		}
		var got *domain.Case
		db.View(ctx, func(tx *store.Tx) error { got, err = tx.CaseByID(ctx, c.ID); return err })
		if got.Focus != "playing together" || len(got.Participants) != 2 || got.Participants[1].BirthDate != "2021-05-04" || len(got.Shares) != 1 {
			t.Fatalf("case after update: %+v", got)
		}
		db.Update(ctx, func(tx *store.Tx) error { _, err := tx.UnshareCase(ctx, c.ID, other.ID); return err })
		if access(other.ID) != domain.AccessNone {
			t.Fatal("unshare kept access")
		}
	})
}

func TestCaseloadPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		owner := mustUser(t, db, "p@example.org", domain.RolePractitioner)
		stranger := mustUser(t, db, "s@example.org", domain.RolePractitioner)
		for i := range 7 {
			mustCase(t, db, fmt.Sprintf("c%02d", i), owner.ID)
		}
		mustCase(t, db, "theirs", stranger.ID)
		seen := map[string]bool{}
		after := ""
		for page := 0; ; page++ {
			var cs []*domain.Case
			err := db.View(ctx, func(tx *store.Tx) error {
				var err error
				cs, after, err = tx.Caseload(ctx, store.CaseloadQuery{UserID: owner.ID, After: after, Limit: 3})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if seen[c.ID] || c.OwnerID != owner.ID || len(c.Participants) != 2 {
					t.Fatalf("page %d: unexpected %+v", page, c)
				}
				seen[c.ID] = true
			}
			if after == "" {
				break
			}
		}
		if len(seen) != 7 {
			t.Fatalf("caseload pages held %d cases, want 7", len(seen))
		}
	})
}

// TestAuditViewsShareCommits: many concurrent views each get their entry
// committed, in one unbroken chain.
func TestAuditViewsShareCommits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 200
		errs := make(chan error, n)
		for i := range n {
			go func() {
				errs <- db.AuditView(ctx, domain.AuditEntry{ActorID: "u1", Action: "case.view", ObjectID: fmt.Sprint(i)})
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		r, err := storetest.Chain.Verify(ctx, db)
		if err != nil || !r.Intact() || r.Entries != n {
			t.Fatalf("after %d concurrent views: %+v %v", n, r, err)
		}
	})
}
