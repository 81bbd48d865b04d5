package app_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

func TestKeyRotationRewrapsWithoutReencrypting(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	ctx := context.Background()
	ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, true)
	a := accounts.Actor{User: ann}
	c, _ := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "R-1"})
	rec := in.ReadyRecording(t, a, c.ID)
	uploading, _ := in.Deps.Recordings.Create(ctx, a, c.ID, "later.mp4", 10)
	before := blobBytes(t, in, rec.ID)
	oldKey := in.Deps.Keys.ActiveKeyID()

	newKey, err := in.Deps.Keys.AddKey()
	if err != nil {
		t.Fatal(err)
	}
	n, err := app.Rotate(ctx, in.Deps.DB, in.Deps.Keys)
	if err != nil || n != 2+6+1+1 {
		t.Fatalf("Rotate: %d re-wrapped, %v (want 2 case keys (footage, records) + 6 files + 1 upload + 1 TOTP secret)", n, err)
	}
	if after := blobBytes(t, in, rec.ID); after != before {
		t.Fatal("rotation re-encrypted stored bytes; it must only re-wrap keys")
	}
	var files []*domain.StoredFile
	in.Deps.DB.View(ctx, func(tx *store.Tx) error { files, err = tx.RecordingFiles(ctx, rec.ID); return err })
	for _, f := range files {
		if id := sealedWith(t, in, f.WrappedKey); id != newKey {
			t.Fatalf("file %s still wrapped under %s, want %s (was %s)", f.ID, id, newKey, oldKey)
		}
	}
	f, err := in.Deps.Recordings.Open(ctx, a, rec.ID, domain.FilePlayback, false)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	if string(b) != strings.Repeat(domain.FilePlayback, 1000) {
		t.Fatal("file unreadable after rotation")
	}
	var u *domain.Recording
	in.Deps.DB.View(ctx, func(tx *store.Tx) error { u, err = tx.RecordingByID(ctx, uploading.ID); return err })
	if id := sealedWith(t, in, u.UploadKey); id != newKey {
		t.Fatalf("upload key not re-wrapped: %s", id)
	}
}

// sealedWith names the master key protecting a wrapped file key: the one
// that wraps it, or, for a case-wrapped key, the one sealing its case key.
func sealedWith(t *testing.T, in *apptest.Instance, wrapped []byte) string {
	if !vault.IsCaseWrapped(wrapped) {
		id, _ := vault.WrappedKeyID(wrapped)
		return id
	}
	id, err := in.Deps.Keys.CaseKeySealedWith(wrapped)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// blobBytes concatenates a recording's encrypted objects.
func blobBytes(t *testing.T, in *apptest.Instance, recID string) string {
	ctx := context.Background()
	keys, err := in.Deps.Blobs.List(ctx, "rec/"+recID+"/")
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, k := range keys {
		o, err := in.Deps.Blobs.Open(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, o.Size())
		o.ReadAt(b, 0)
		o.Close()
		sb.Write(b)
	}
	return sb.String()
}

func TestKeysRotateCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	if code, _, errs := run(t, "a long enough password\n", "user", "add", "--data", data, "--email", "a@example.org", "--name", "A", "--role", "admin"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, "", "keys", "rotate", "--data", data)
	if code != 0 || !strings.Contains(out, "New active key k2") {
		t.Fatalf("keys rotate: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, "", "audit", "verify", "--data", data); code != 0 {
		t.Fatalf("audit chain after rotation: %q (the chain key must not change with rotation)", out)
	}
}
