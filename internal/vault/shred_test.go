package vault

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestShredListRefusesErasedKeys: a key on the list no longer unwraps, in
// this process or one that reads the list later; other keys still do.
func TestShredListRefusesErasedKeys(t *testing.T) {
	kr := newKeyRing()
	path := filepath.Join(t.TempDir(), "master.key.shredded")
	l, err := OpenShredList(path)
	if err != nil {
		t.Fatal(err)
	}
	kr.UseShredList(l)
	gone, _ := kr.Wrap(NewFileKey())
	kept, _ := kr.Wrap(NewFileKey())
	rec, err := kr.KeyRecord(gone)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Add(rec, "case c1"); err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Unwrap(gone); !errors.Is(err, ErrShredded) {
		t.Fatalf("unwrap of an erased key: %v", err)
	}
	kr.AddKey()
	if _, err := kr.Rewrap(gone); !errors.Is(err, ErrShredded) {
		t.Fatalf("an erased key came back through rotation: %v", err)
	}
	if _, err := kr.Unwrap(kept); err != nil {
		t.Fatalf("another key: %v", err)
	}
	again, err := OpenShredList(path)
	if err != nil || !again.Has("case", "c1") || len(again.Values("key")) != 1 {
		t.Fatalf("reopened list: %v %v", again.Values("key"), err)
	}
	os.WriteFile(path, []byte("not a list\n"), 0o600)
	if _, err := OpenShredList(path); err == nil {
		t.Fatal("a file that is not a shred list was accepted")
	}
}

// TestManifestSignature: a manifest verifies with its ring (also after a
// rotation) and not with another ring or after an edit.
func TestManifestSignature(t *testing.T) {
	kr, other := newKeyRing(), newKeyRing()
	m := []byte(`{"format":1}`)
	sig := kr.SignManifest(m)
	kr.AddKey()
	if err := kr.VerifyManifest(m, sig); err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	for name, err := range map[string]error{
		"other ring": other.VerifyManifest(m, sig),
		"edited":     kr.VerifyManifest([]byte(`{"format":2}`), sig),
		"bad hex":    kr.VerifyManifest(m, "zz"),
	} {
		if !errors.Is(err, ErrWrongKeyRing) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
