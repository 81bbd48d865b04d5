package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestLoadOrCreateKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "master.key")
	kr, created, err := LoadOrCreateKeyFile(path)
	if err != nil || !created {
		t.Fatalf("create: created=%v err=%v", created, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode = %v (err %v), want 0600", info.Mode(), err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), keyFileHeader+"\nk1 ") {
		t.Fatalf("key file does not start with the v1 header and k1: %q", data[:20])
	}
	again, created, err := LoadOrCreateKeyFile(path)
	if err != nil || created {
		t.Fatalf("load: created=%v err=%v", created, err)
	}
	if !bytes.Equal(again.Derive("x"), kr.Derive("x")) {
		t.Fatal("reloaded key ring derives a different key")
	}
}

func TestLoadOrCreateConcurrentStartsAgree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	rings := make([]*KeyRing, 8)
	created := make([]bool, len(rings))
	var wg sync.WaitGroup
	for i := range rings {
		wg.Go(func() {
			var err error
			if rings[i], created[i], err = LoadOrCreateKeyFile(path); err != nil {
				t.Errorf("start %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if n := len(slices.DeleteFunc(created, func(c bool) bool { return !c })); n != 1 {
		t.Fatalf("%d processes report creating the key file, want exactly 1", n)
	}
	for _, kr := range rings[1:] {
		if !bytes.Equal(kr.Derive("x"), rings[0].Derive("x")) {
			t.Fatal("concurrent starts ended with different key rings")
		}
	}
}

func TestKeyFileSymlinkFollowed(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.key")
	kr, _, err := LoadOrCreateKeyFile(real)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.key")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	viaLink, created, err := LoadOrCreateKeyFile(link)
	if err != nil || created || !bytes.Equal(viaLink.Derive("x"), kr.Derive("x")) {
		t.Fatalf("loading through a symlink: created=%v err=%v", created, err)
	}
}

func TestKeyFilePermissionsRefused(t *testing.T) {
	tests := []struct {
		mode os.FileMode
		ok   bool
	}{
		{0o600, true}, {0o400, true}, {0o640, false}, {0o644, false}, {0o604, false}, {0o660, false}, {0o700, true},
	}
	for _, tc := range tests {
		path := filepath.Join(t.TempDir(), "master.key")
		if _, _, err := LoadOrCreateKeyFile(path); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		_, _, err := LoadOrCreateKeyFile(path)
		if tc.ok != (err == nil) {
			t.Fatalf("mode %04o: err = %v, want ok=%v", tc.mode, err, tc.ok)
		}
		if err != nil && (!strings.Contains(err.Error(), "chmod 600 "+path) || !strings.Contains(err.Error(), path)) {
			t.Fatalf("mode %04o: error does not tell the operator what to do: %v", tc.mode, err)
		}
	}
}

func TestKeyFileParseErrors(t *testing.T) {
	good := "k1 " + strings.Repeat("A", 43) + "=\n"
	tests := []struct{ name, content, want string }{
		{"empty", "", "first line"},
		{"other header", "attune-keyring v9\n" + good, "first line"},
		{"no keys", keyFileHeader + "\n", "no keys"},
		{"short key", keyFileHeader + "\nk1 AAAA\n", "exactly 32"},
		{"bad id", keyFileHeader + "\nK/1 " + strings.Repeat("A", 43) + "=\n", "key id"},
		{"duplicate id", keyFileHeader + "\n" + good + good, "twice"},
		{"extra field", keyFileHeader + "\nk1 a b\n", "want"},
	}
	for _, tc := range tests {
		path := filepath.Join(t.TempDir(), "master.key")
		if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := LoadOrCreateKeyFile(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: err = %v, want it to mention %q and the path", tc.name, err, tc.want)
		}
	}
}

func TestDeriveStableAcrossRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	kr, _, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before := kr.Derive("audit-chain v1")
	id, err := kr.AddKey()
	if err != nil || id != "k2" || kr.ActiveKeyID() != "k2" {
		t.Fatalf("AddKey = %q, %v; active %q", id, err, kr.ActiveKeyID())
	}
	if err := kr.Save(path); err != nil {
		t.Fatal(err)
	}
	reloaded, _, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, kr.Derive("audit-chain v1")) || !bytes.Equal(before, reloaded.Derive("audit-chain v1")) {
		t.Fatal("derived key changed across AddKey/Save/reload")
	}
	if len(before) != 32 || bytes.Equal(before, kr.Derive("other purpose")) {
		t.Fatal("derived keys must be 32 bytes and differ per purpose")
	}
	if got := strings.Join(reloaded.KeyIDs(), ","); got != "k1,k2" {
		t.Fatalf("KeyIDs after reload = %s", got)
	}
}

func TestRotationRewrap(t *testing.T) {
	kr := newKeyRing()
	fk := NewFileKey()
	old, err := kr.Wrap(fk)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.AddKey(); err != nil {
		t.Fatal(err)
	}
	fresh, err := kr.Rewrap(old)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		wrapped []byte
		keyID   string
	}{{"rewrapped", fresh, "k2"}, {"old", old, "k1"}} {
		id, _ := WrappedKeyID(tc.wrapped)
		got, err := kr.Unwrap(tc.wrapped)
		if err != nil || got != fk || id != tc.keyID {
			t.Fatalf("%s: Unwrap err=%v equal=%v key id %q want %q", tc.name, err, got == fk, id, tc.keyID)
		}
	}
	onlyK2 := &KeyRing{keys: kr.keys[1:]}
	if _, err := onlyK2.Unwrap(old); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("old wrap without k1: err = %v, want ErrUnknownKey", err)
	}
	if got, err := onlyK2.Unwrap(fresh); err != nil || got != fk {
		t.Fatalf("rewrapped key without k1: err = %v", err)
	}
}

func TestUnwrapTampered(t *testing.T) {
	kr := newKeyRing()
	wrapped, err := kr.Wrap(NewFileKey())
	if err != nil {
		t.Fatal(err)
	}
	flipAt := func(i int) []byte { w := bytes.Clone(wrapped); w[i] ^= 1; return w }
	tests := []struct {
		name string
		w    []byte
		ring *KeyRing
	}{
		{"version", flipAt(0), kr},
		{"nonce", flipAt(5), kr},
		{"ciphertext", flipAt(len(wrapped) - 20), kr},
		{"tag", flipAt(len(wrapped) - 1), kr},
		{"truncated", wrapped[:len(wrapped)-1], kr},
		{"other ring with the same key id", wrapped, newKeyRing()},
	}
	for _, tc := range tests {
		if _, err := tc.ring.Unwrap(tc.w); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", tc.name, err)
		}
	}
}
