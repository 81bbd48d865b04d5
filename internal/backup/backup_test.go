package backup

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

// seed stores one user, case, recording and encrypted file.
func seed(t *testing.T, db *store.DB, blobs blob.Store, keys *vault.KeyRing) {
	ctx := context.Background()
	fk := vault.NewFileKey()
	wrapped, _ := keys.Wrap(fk)
	var enc bytes.Buffer
	w := vault.NewWriter(&enc, fk, "f1")
	w.Write([]byte(strings.Repeat("poster", 500)))
	w.Close()
	if _, err := blobs.Put(ctx, "rec/r1/f1", &enc); err != nil {
		t.Fatal(err)
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, &domain.User{ID: "u1", Email: "u@example.org", Name: "U", Role: domain.RolePractitioner}); err != nil {
			return err
		}
		if err := tx.CreateCase(ctx, &domain.Case{ID: "c1", OwnerID: "u1", Reference: "R", Status: "open"}); err != nil {
			return err
		}
		if err := tx.CreateRecording(ctx, &domain.Recording{ID: "r1", CaseID: "c1", UploaderID: "u1", Filename: "a.mp4", Status: domain.RecordingReady}); err != nil {
			return err
		}
		return tx.AddFile(ctx, &domain.StoredFile{ID: "f1", RecordingID: "r1", Kind: domain.FilePoster, BlobKey: "rec/r1/f1", WrappedKey: wrapped, Size: int64(enc.Len())})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func source(t *testing.T, db *store.DB) Source {
	keys, _, err := vault.LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewLocal(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	seed(t, db, blobs, keys)
	return Source{DB: db, Blobs: blobs, Keys: keys, Scratch: t.TempDir()}
}

// TestTakeAndVerify: a backup verifies as taken; any change to it, or the
// wrong key ring, is caught before anything is restored.
func TestTakeAndVerify(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		src := source(t, db)
		dir := t.TempDir()
		m, err := Take(context.Background(), src, dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Files) != 1 || m.Counts["cases"] != 1 || m.Files[0].PlainSHA256 == "" {
			t.Fatalf("manifest: %+v", m)
		}
		if _, err := Verify(dir, src.Keys); err != nil {
			t.Fatalf("fresh backup does not verify: %v", err)
		}
		if _, err := Take(context.Background(), src, dir); err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("backup into a used folder: %v", err)
		}
		other, _, _ := vault.LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "k"))
		tampers := []struct {
			name string
			do   func(t *testing.T, dir string)
			keys *vault.KeyRing
			want string
		}{
			{"a file's bytes", func(t *testing.T, dir string) { flip(t, filePath(dir, "rec/r1/f1")) }, src.Keys, "do not match"},
			{"the database copy", func(t *testing.T, dir string) { flip(t, filepath.Join(dir, DatabaseName)) }, src.Keys, "do not match"},
			{"the manifest", func(t *testing.T, dir string) { editManifest(t, dir) }, src.Keys, "not made with this master key"},
			{"another key ring", func(t *testing.T, dir string) {}, other, "not made with this master key"},
			{"an unfinished backup", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, ManifestName)) }, src.Keys, "did not finish"},
		}
		for _, tc := range tampers {
			t.Run(tc.name, func(t *testing.T) {
				d := t.TempDir()
				if err := os.CopyFS(d, os.DirFS(dir)); err != nil {
					t.Fatal(err)
				}
				tc.do(t, d)
				_, err := Verify(d, tc.keys)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("Verify: %v, want an error saying %q", err, tc.want)
				}
			})
		}
	})
}

func flip(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	os.WriteFile(path, b, 0o600)
}

func editManifest(t *testing.T, dir string) {
	p := filepath.Join(dir, ManifestName)
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte(`"cases": 1`), []byte(`"cases": 2`), 1), 0o600)
}

// TestRowsRoundTrip: each value type an export meets comes back as it left.
func TestRowsRoundTrip(t *testing.T) {
	at := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	in := []any{nil, int64(42), int64(-1 << 60), 1.0, 0.25, "text \"quoted\"\n", []byte{0, 1, 255}, true, at}
	var buf bytes.Buffer
	rw := &rowWriter{w: bufioWriter(&buf)}
	rw.Table("t", []string{"a"})
	rw.Row(in)
	rw.w.Flush()
	var got []any
	var table string
	err := readRows(&buf, func(h tableHeader) error { table = h.Table; return nil }, func(v []any) error { got = v; return nil })
	if err != nil || table != "t" {
		t.Fatal(err, table)
	}
	for i := range in {
		a, b := in[i], got[i]
		if ab, ok := a.([]byte); ok {
			if !bytes.Equal(ab, b.([]byte)) {
				t.Errorf("value %d: %v became %v", i, a, b)
			}
			continue
		}
		if at, ok := a.(time.Time); ok {
			if !at.Equal(b.(time.Time)) {
				t.Errorf("value %d: %v became %v", i, a, b)
			}
			continue
		}
		if a != b {
			t.Errorf("value %d: %#v became %#v", i, a, b)
		}
	}
	if _, err := decodeRow([]byte(`[{"x":1}]`)); err == nil {
		t.Error("an unknown tagged value must be refused")
	}
}
