package vault

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func caseRing(t *testing.T) (*KeyRing, *CaseKeys) {
	t.Helper()
	kr := newKeyRing()
	ck, err := OpenCaseKeys(filepath.Join(t.TempDir(), "case-keys"))
	if err != nil {
		t.Fatal(err)
	}
	kr.UseCaseKeys(ck)
	return kr, ck
}

// TestCaseKeyErasure: destroying a case's footage key makes exactly its
// footage unreadable ("erased"); the same case's records, other cases, and
// keys wrapped the old way with the master key still open. A key file put
// back from a backup of the folder does not undo the erasure, and a folder
// that lacks a key is told apart from an erasure.
func TestCaseKeyErasure(t *testing.T) {
	kr, ck := caseRing(t)
	fk := NewFileKey()
	footage, err := kr.WrapFor(Scope{"c1", PurposeFootage}, fk)
	if err != nil {
		t.Fatal(err)
	}
	second, _ := kr.WrapFor(Scope{"c1", PurposeFootage}, NewFileKey())
	records, _ := kr.WrapFor(Scope{"c1", PurposeRecords}, NewFileKey())
	other, _ := kr.WrapFor(Scope{"c2", PurposeFootage}, NewFileKey())
	legacy, _ := kr.Wrap(NewFileKey())
	if !IsCaseWrapped(footage) || IsCaseWrapped(legacy) {
		t.Fatal("IsCaseWrapped does not tell the formats apart")
	}
	if id1, _ := WrappedKeyID(footage); !strings.HasPrefix(id1, "c1.footage.") {
		t.Fatalf("case key id %q", id1)
	}
	if a, _ := WrappedKeyID(footage); a != mustID(second) {
		t.Fatal("two files of one case and purpose got different case keys")
	}
	got, err := kr.Unwrap(footage)
	if err != nil || got != fk {
		t.Fatalf("unwrap: %v", err)
	}
	saved, _ := os.ReadFile(filepath.Join(ck.Dir(), mustID(footage)+".kek"))

	n, err := kr.DestroyCaseKeys("c1", PurposeFootage)
	if err != nil || n != 1 {
		t.Fatalf("destroy: %d %v", n, err)
	}
	for name, w := range map[string][]byte{"footage": footage, "second": second} {
		if _, err := kr.Unwrap(w); !errors.Is(err, ErrErased) || !strings.Contains(err.Error(), "erased") {
			t.Fatalf("%s after erasure: %v, want ErrErased", name, err)
		}
	}
	for name, w := range map[string][]byte{"records": records, "other case": other, "master-wrapped": legacy} {
		if _, err := kr.Unwrap(w); err != nil {
			t.Fatalf("%s after another's erasure: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(ck.Dir(), mustID(footage)+".kek")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the key file is still there: %v", err)
	}
	os.WriteFile(filepath.Join(ck.Dir(), mustID(footage)+".kek"), saved, 0o600) // restored from a folder backup
	if _, err := kr.Unwrap(footage); !errors.Is(err, ErrErased) {
		t.Fatalf("a key file put back undid the erasure: %v", err)
	}
	fresh, _ := kr.WrapFor(Scope{"c1", PurposeFootage}, NewFileKey())
	if mustID(fresh) == mustID(footage) {
		t.Fatal("new footage after an erasure reused the destroyed key")
	}
	if _, err := kr.Unwrap(fresh); err != nil {
		t.Fatalf("new footage after an erasure: %v", err)
	}

	empty, _ := caseRing(t)
	empty.keys = kr.keys
	if _, err := empty.Unwrap(other); !errors.Is(err, ErrCaseKeyMissing) {
		t.Fatalf("a folder without the key: %v, want ErrCaseKeyMissing", err)
	}
}

// TestMasterKeyAloneCannotOpenCaseWrappedKey: the master key, used however
// the vault's primitives allow, does not open a case-wrapped file key.
func TestMasterKeyAloneCannotOpenCaseWrappedKey(t *testing.T) {
	kr, _ := caseRing(t)
	w, _ := kr.WrapFor(Scope{"c1", PurposeFootage}, NewFileKey())
	alone := &KeyRing{keys: kr.keys}
	if _, err := alone.Unwrap(w); !errors.Is(err, ErrCaseKeyMissing) {
		t.Fatalf("without the case key folder: %v", err)
	}
	_, id, ad, rest, _ := splitWrapped(w)
	for _, info := range []string{wrapInfo, wrapInfoCase} {
		aead, _ := deriveAEAD(kr.keys[0].key, info)
		if _, err := openWrapped(aead, id, ad, rest); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("master key as the wrapping secret (%s): %v", info, err)
		}
	}
}

// TestRotateCaseKeys: rotation re-seals the case keys under the new master
// key, so files stay readable by a ring that no longer holds the old key.
func TestRotateCaseKeys(t *testing.T) {
	kr, ck := caseRing(t)
	fk := NewFileKey()
	w, _ := kr.WrapFor(Scope{"c1", PurposeFootage}, fk)
	gone, _ := kr.WrapFor(Scope{"c2", PurposeFootage}, NewFileKey())
	kr.DestroyCaseKeys("c2")
	newID, _ := kr.AddKey()
	n, err := kr.RotateCaseKeys()
	if err != nil || n != 1 {
		t.Fatalf("rotate: %d %v", n, err)
	}
	if by, err := kr.CaseKeySealedWith(w); err != nil || by != newID {
		t.Fatalf("case key sealed with %q (%v), want %q", by, err, newID)
	}
	if again, err := kr.Rewrap(w); err != nil || string(again) != string(w) {
		t.Fatalf("Rewrap of a case-wrapped key: %v", err)
	}
	onlyNew := &KeyRing{keys: kr.keys[1:]}
	onlyNew.UseCaseKeys(ck)
	if got, err := onlyNew.Unwrap(w); err != nil || got != fk {
		t.Fatalf("after rotation, without the old master key: %v", err)
	}
	if _, err := onlyNew.Unwrap(gone); !errors.Is(err, ErrErased) {
		t.Fatalf("rotation brought an erased key back: %v", err)
	}
}

func TestCaseKeyFolderChecks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	os.Mkdir(dir, 0o755)
	if _, err := OpenCaseKeys(dir); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Fatalf("a folder others can read: %v", err)
	}
	kr, _ := caseRing(t)
	for _, s := range []Scope{{"", PurposeFootage}, {"c1", "foot.age"}, {"../c1", PurposeFootage}, {"c1", ""}} {
		if _, err := kr.WrapFor(s, NewFileKey()); err == nil {
			t.Errorf("scope %+v was accepted", s)
		}
	}
}

func mustID(w []byte) string {
	id, _ := WrappedKeyID(w)
	return id
}

// TestCaseFields: a case's text sealed with its records key opens with the
// same purpose only, and not at all once the case is erased or without the
// case key folder; footage erasure leaves it readable.
func TestCaseFields(t *testing.T) {
	kr, _ := caseRing(t)
	sealed, err := kr.SealCaseField("c1", "note.body", "Kit laughed")
	if err != nil || !strings.HasPrefix(sealed, caseFieldPrefix) || strings.Contains(sealed, "Kit") {
		t.Fatalf("sealed %q, %v", sealed, err)
	}
	if got, err := kr.OpenField("note.body", sealed); err != nil || got != "Kit laughed" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := kr.OpenField("participant.name", sealed); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("opened under another purpose: %v", err)
	}
	if _, err := (&KeyRing{keys: kr.keys}).OpenField("note.body", sealed); !errors.Is(err, ErrCaseKeyMissing) {
		t.Fatalf("without the case key folder: %v", err)
	}
	kr.DestroyCaseKeys("c1", PurposeFootage)
	if _, err := kr.OpenField("note.body", sealed); err != nil {
		t.Fatalf("erasing footage took the records: %v", err)
	}
	kr.DestroyCaseKeys("c1")
	if _, err := kr.OpenField("note.body", sealed); !errors.Is(err, ErrErased) {
		t.Fatalf("after the case's erasure: %v, want ErrErased", err)
	}
}

// TestCaseKeyIDIsNeverAPath: a wrapped key edited to name a file outside
// the case key folder is refused as corrupt, not read.
func TestCaseKeyIDIsNeverAPath(t *testing.T) {
	kr, _ := caseRing(t)
	id := "../../master.key"
	w := append([]byte{wrapVersionCase, byte(len(id))}, id...)
	w = append(w, make([]byte, wrapNonceLen+len(FileKey{})+16)...)
	if _, err := kr.Unwrap(w); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("unwrap naming %q: %v, want ErrCorrupt", id, err)
	}
}
