package vault

import (
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestFieldSession: a session seals and opens like the key ring (each
// opening the other's values, with the purpose bound), and a session begun
// after an erasure cannot open the erased case's values.
func TestFieldSession(t *testing.T) {
	kr := newKeyRing()
	ck, err := OpenCaseKeys(filepath.Join(t.TempDir(), "case-keys"))
	if err != nil {
		t.Fatal(err)
	}
	kr.UseCaseKeys(ck)
	seal, open := kr.FieldSession()
	a, err := seal("c1", "note", "first words")
	if err != nil {
		t.Fatal(err)
	}
	b, err := kr.SealCaseField("c1", "note", "second words")
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := kr.SealField("totp", "master words")
	for sealed, want := range map[string]string{a: "first words", b: "second words"} {
		if got, err := kr.OpenField("note", sealed); err != nil || got != want {
			t.Errorf("key ring opens %q, %v; want %q", got, err, want)
		}
		if got, err := open("note", sealed); err != nil || got != want {
			t.Errorf("session opens %q, %v; want %q", got, err, want)
		}
		if _, err := open("name", sealed); !errors.Is(err, ErrCorrupt) {
			t.Errorf("opened with another purpose: %v", err)
		}
	}
	if got, err := open("totp", v1); err != nil || got != "master words" {
		t.Errorf("session opens a master-key value as %q, %v", got, err)
	}
	if _, err := kr.DestroyCaseKeys("c1"); err != nil {
		t.Fatal(err)
	}
	_, open = kr.FieldSession()
	if _, err := open("note", a); !errors.Is(err, ErrErased) {
		t.Errorf("a new session opened an erased case's value: %v", err)
	}
	// The key remembered for sealing was destroyed: a new one is made.
	c, err := kr.SealCaseField("c1", "note", "after the erasure")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := kr.OpenField("note", c); err != nil || got != "after the erasure" {
		t.Errorf("sealed after the erasure: %q, %v", got, err)
	}
}

// TestPlainTextLikeASealedValue: text that starts like a sealed value and
// decodes as base64 but names no case key is reported malformed (the store
// then shows it as the plain text it is), not as a value that failed to verify.
func TestPlainTextLikeASealedValue(t *testing.T) {
	kr := newKeyRing()
	ck, err := OpenCaseKeys(filepath.Join(t.TempDir(), "case-keys"))
	if err != nil {
		t.Fatal(err)
	}
	kr.UseCaseKeys(ck)
	_, open := kr.FieldSession()
	plain := "v2." + base64.RawURLEncoding.EncodeToString([]byte("\x05hello, this is only a pasted token and nothing sealed"))
	for name, o := range map[string]func(string, string) (string, error){"key ring": kr.OpenField, "session": open} {
		if _, err := o("note", plain); err == nil || !strings.Contains(err.Error(), "malformed") {
			t.Errorf("%s: %v, want malformed", name, err)
		}
	}
}
