package store_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

// sealingKeys is a key ring with a case key folder, as a server has.
func sealingKeys(t testing.TB) *vault.KeyRing {
	t.Helper()
	dir := t.TempDir()
	keys, _, err := vault.LoadOrCreateKeyFile(filepath.Join(dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	ck, err := vault.OpenCaseKeys(filepath.Join(dir, "case-keys"))
	if err != nil {
		t.Fatal(err)
	}
	keys.UseCaseKeys(ck)
	return keys
}

// plainRows writes a case's content as a database from before sealing holds
// it: in the clear.
func plainRows(t *testing.T, db *store.DB, notes int) {
	t.Helper()
	u := mustUser(t, db, "g@example.org", domain.RolePractitioner)
	c := mustCase(t, db, "c1", u.ID)
	err := db.Update(ctx, func(tx *store.Tx) error {
		r := &domain.Recording{ID: "r1", CaseID: c.ID, UploaderID: u.ID, Filename: "garden-play.mp4", Status: domain.RecordingReady}
		if err := tx.CreateRecording(ctx, r); err != nil {
			return err
		}
		for i := range notes {
			a := &domain.Annotation{ID: fmt.Sprintf("a%d", i), RecordingID: r.ID, SchemeID: domain.DefaultSchemeID, Code: "attuned",
				StartFrame: i, EndFrame: i + 1, Note: fmt.Sprintf("plain note %d", i), Version: 1, CreatedBy: u.ID}
			if err := tx.CreateAnnotation(ctx, a); err != nil {
				return err
			}
		}
		return tx.CreateFamilyMember(ctx, &domain.FamilyMember{ID: "m1", CaseID: c.ID, Name: "Ann Parent", Email: "ann@example.org", InvitedBy: u.ID})
	})
	if err != nil {
		t.Fatal(err)
	}
	// Plain text that starts like a sealed value is still plain text: one
	// with spaces, one only of base64 letters (as a pasted token).
	if _, err := db.Raw().ExecContext(ctx, `UPDATE annotations SET note = 'v2.looks sealed, is not' WHERE id = 'a0'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Raw().ExecContext(ctx, `UPDATE annotations SET note = '`+lookAlike+`' WHERE id = 'a1'`); err != nil {
		t.Fatal(err)
	}
}

// lookAlike has a sealed value's shape and is plain text.
var lookAlike = "v2." + base64.RawURLEncoding.EncodeToString([]byte("\x05hello, this is a pasted token, not a sealed value"))

// TestSealExistingResumes: values written in the clear before sealing are
// sealed in place at start; a run stopped after one batch (as a killed
// server) resumes and completes; every value reads back through the store,
// a family member is still found by e-mail, and nothing stays in the clear.
func TestSealExistingResumes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		plainRows(t, db, 7)
		db.SealFields(sealingKeys(t))
		stop, cancel := context.WithCancel(ctx)
		err := db.SealExisting(stop, 3, func(string, int, int) { cancel() })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stopped run: %v, want context.Canceled", err)
		}
		var last [2]int
		err = db.SealExisting(ctx, 3, func(col string, done, total int) {
			if col == "annotations.note" {
				last = [2]int{done, total}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if last[0] != last[1] || last[1] == 0 {
			t.Errorf("annotation notes: progress ended at %d of %d", last[0], last[1])
		}
		assertNothingInClear(t, db)
		assertReadsBack(t, db, 7)
		if err := db.SealExisting(ctx, 3, func(col string, _, _ int) { t.Errorf("%s sealed again", col) }); err != nil {
			t.Fatal(err)
		}
	})
}

func assertNothingInClear(t *testing.T, db *store.DB) {
	t.Helper()
	for _, q := range []string{`SELECT note FROM annotations`, `SELECT focus FROM cases`, `SELECT name FROM participants`,
		`SELECT relation FROM participants`, `SELECT birth_date FROM participants`, `SELECT filename FROM recordings`,
		`SELECT name FROM family_members`, `SELECT email FROM family_members`} {
		rows, err := db.Raw().QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v string
			rows.Scan(&v)
			if v != "" && (!strings.HasPrefix(v, "v2.") || strings.Contains(v, " ") || v == lookAlike) {
				t.Errorf("%s: %q is still in the clear", q, v)
			}
		}
		rows.Close()
	}
}

func assertReadsBack(t *testing.T, db *store.DB, notes int) {
	t.Helper()
	err := db.View(ctx, func(tx *store.Tx) error {
		as, err := tx.Annotations(ctx, "r1", store.AnnotationFilter{})
		if err != nil || len(as) != notes {
			return fmt.Errorf("annotations %d %v", len(as), err)
		}
		for i, a := range as {
			want := fmt.Sprintf("plain note %d", i)
			switch i {
			case 0:
				want = "v2.looks sealed, is not"
			case 1:
				want = lookAlike
			}
			if a.Note != want {
				t.Errorf("annotation %s reads %q, want %q", a.ID, a.Note, want)
			}
		}
		c, err := tx.CaseByID(ctx, "c1")
		if err != nil || c.Focus != "feeling safe" || c.Participants[0].Relation != "mother" || c.Participants[1].BirthDate != "2021-05-04" {
			return fmt.Errorf("case reads %+v %v", c, err)
		}
		ms, err := tx.FamilyMembersByEmail(ctx, "Ann@Example.org")
		if err != nil || len(ms) != 1 || ms[0].Name != "Ann Parent" || ms[0].Email != "ann@example.org" {
			return fmt.Errorf("member by e-mail: %+v %v", ms, err)
		}
		r, err := tx.RecordingByID(ctx, "r1")
		if err != nil || r.Filename != "garden-play.mp4" {
			return fmt.Errorf("recording reads %+v %v", r, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
