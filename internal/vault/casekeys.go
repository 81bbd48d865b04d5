package vault

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/attune-vig/attune/internal/durable"
)

// Case keys are key-encryption keys (KEKs): one random 256-bit key per case
// and purpose, which wraps the file keys of that case's files of that
// purpose. Each KEK lives in its own file in a folder kept beside the master
// key file, sealed with the master key; never in the database and never in a
// data backup. Erasing a case (or all of a case's footage) destroys its KEK
// file, so the wrapped file keys still held by old database backups can no
// longer be unwrapped by anyone: not with the master key, not by attune.
//
// Files in the folder, named by the KEK's id "<case id>.<purpose>.<random>":
//
//	<id>.kek     "attune-case-key v1" line, then the KEK sealed with SealField
//	<id>.erased  tombstone: the KEK was destroyed (holds the time, no secret)
//
// The tombstone is written before the KEK is overwritten and removed, and is
// checked first, so an erasure is never undone by a KEK file restored from a
// backup of the folder, and a missing KEK (folder not mounted) is told apart
// from an erased one.
const caseKeyHeader = "attune-case-key v1"

// Purposes of case keys: what a destroyed key makes unreadable.
const (
	PurposeFootage = "footage" // recordings and everything made from them (frames, posters, clips)
	PurposeFilms   = "films"   // edited films, kept under their own retention rule
	PurposeRecords = "records" // exports and other case records held as files
)

// Scope names the KEK a file key is wrapped with.
type Scope struct {
	CaseID  string
	Purpose string
}

// ErrErased reports a file whose case key was destroyed by an erasure.
var ErrErased = errors.New("vault: this file was erased (its case key was destroyed); it can no longer be decrypted")

// ErrCaseKeyMissing reports a case key that is neither present nor erased.
var ErrCaseKeyMissing = errors.New("vault: the case key this file needs is not in the case key folder; " +
	"point --case-keys-dir (ATTUNE_CASE_KEYS_DIR) at the right folder or restore it from its backup")

var (
	casePartPattern  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)
	purposePattern   = regexp.MustCompile(`^[a-z]{1,16}$`)
	caseKeyIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}\.[a-z]{1,16}\.[0-9a-f]{16}$`)
)

// CaseKeys is the folder of case keys. Safe for concurrent use, and for
// several servers sharing the folder: new keys get random ids, so two
// servers creating a key for the same case at once each make a valid one.
type CaseKeys struct {
	dir     string
	mu      sync.Mutex
	current map[string]string // scope prefix → the live key last used (currentKEK)
	fields  fieldKeyCache     // records keys kept for FieldSessionAt
}

// OpenCaseKeys opens (creating, mode 0700) the case key folder at dir. A
// folder readable or writable by group or others is refused.
func OpenCaseKeys(dir string) (*CaseKeys, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("vault: create the case key folder %s: %w", dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("vault: open the case key folder %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("vault: the case key folder %s is not a folder; point --case-keys-dir at a folder", dir)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("vault: the case key folder %s has permissions %04o; run `chmod 700 %s` and start again", dir, perm, dir)
	}
	return &CaseKeys{dir: dir}, nil
}

// Dir is the folder's path.
func (ck *CaseKeys) Dir() string { return ck.dir }

func (ck *CaseKeys) path(id, ext string) string { return filepath.Join(ck.dir, id+ext) }

func (s Scope) check() error {
	if !casePartPattern.MatchString(s.CaseID) || !purposePattern.MatchString(s.Purpose) {
		return fmt.Errorf("vault: case key scope %q/%q is not a valid case id and purpose", s.CaseID, s.Purpose)
	}
	return nil
}

func (s Scope) prefix() string { return s.CaseID + "." + s.Purpose + "." }

// live lists the KEK ids of scope that have a key file and no tombstone.
func (ck *CaseKeys) live(s Scope) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(ck.dir, s.prefix()+"*.kek"))
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range matches {
		id := strings.TrimSuffix(filepath.Base(m), ".kek")
		if !caseKeyIDPattern.MatchString(id) {
			continue
		}
		if ck.erased(id) {
			continue
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

func (ck *CaseKeys) erased(id string) bool {
	_, err := os.Stat(ck.path(id, ".erased"))
	return err == nil
}

// allKeyFiles lists the ids of every KEK file in the folder.
func (ck *CaseKeys) allKeyFiles() ([]string, error) {
	entries, err := os.ReadDir(ck.dir)
	if err != nil {
		return nil, fmt.Errorf("vault: read the case key folder %s: %w", ck.dir, err)
	}
	var ids []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".kek"); ok && caseKeyIDPattern.MatchString(id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// sealedPurpose binds a sealed KEK to its id, so a KEK file renamed to
// another case's id fails to open.
func sealedPurpose(id string) string { return "case key " + id }

// readKEK reads and unseals the KEK with id.
func (kr *KeyRing) readKEK(ck *CaseKeys, id string) ([]byte, error) {
	if !caseKeyIDPattern.MatchString(id) { // never a path outside the folder
		return nil, fmt.Errorf("%w: %q is not a case key id", ErrCorrupt, id)
	}
	if ck.erased(id) {
		return nil, ErrErased
	}
	b, err := os.ReadFile(ck.path(id, ".kek"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (key %s in %s)", ErrCaseKeyMissing, id, ck.dir)
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read case key %s: %w", id, err)
	}
	head, sealed, ok := strings.Cut(strings.TrimSpace(string(b)), "\n")
	if !ok || strings.TrimSpace(head) != caseKeyHeader {
		return nil, fmt.Errorf("%w: case key file %s is not in the %q format", ErrCorrupt, ck.path(id, ".kek"), caseKeyHeader)
	}
	plain, err := kr.OpenField(sealedPurpose(id), strings.TrimSpace(sealed))
	if err != nil {
		return nil, fmt.Errorf("case key %s: %w", id, err)
	}
	kek, err := base64.StdEncoding.DecodeString(plain)
	if err != nil || len(kek) != 32 {
		return nil, fmt.Errorf("%w: case key %s does not hold 32 bytes", ErrCorrupt, id)
	}
	return kek, nil
}

// writeKEK seals kek under the active master key into the file of id;
// exclusive for a new key, atomic replacement for a rotated one.
func (kr *KeyRing) writeKEK(ck *CaseKeys, id string, kek []byte, replace bool) error {
	sealed, err := kr.SealField(sealedPurpose(id), base64.StdEncoding.EncodeToString(kek))
	if err != nil {
		return err
	}
	data := []byte(caseKeyHeader + "\n" + sealed + "\n")
	if replace {
		return writeFileAtomic(ck.path(id, ".kek"), data)
	}
	return writeFileExclusive(ck.path(id, ".kek"), data)
}

// currentKEK returns the live KEK of scope, creating one if there is none.
func (kr *KeyRing) currentKEK(ck *CaseKeys, s Scope) (string, []byte, error) {
	if err := s.check(); err != nil {
		return "", nil, err
	}
	ck.mu.Lock()
	defer ck.mu.Unlock()
	if id, ok := ck.current[s.prefix()]; ok {
		// The key last used, read again (so an erasure anywhere is seen):
		// no listing of a folder that holds a key per case.
		if kek, err := kr.readKEK(ck, id); err == nil {
			return id, kek, nil
		}
		delete(ck.current, s.prefix())
	}
	ids, err := ck.live(s)
	if err != nil {
		return "", nil, err
	}
	if len(ids) > 0 {
		kek, err := kr.readKEK(ck, ids[0])
		if err == nil {
			ck.remember(s, ids[0])
		}
		return ids[0], kek, err
	}
	id := s.prefix() + fmt.Sprintf("%x", randomBytes(8))
	kek := randomBytes(32)
	if err := kr.writeKEK(ck, id, kek, false); err != nil {
		return "", nil, fmt.Errorf("vault: create case key %s in %s: %w", id, ck.dir, err)
	}
	ck.remember(s, id)
	return id, kek, nil
}

// remember keeps the live key of a scope for currentKEK (ck.mu held).
func (ck *CaseKeys) remember(s Scope, id string) {
	if ck.current == nil {
		ck.current = map[string]string{}
	}
	ck.current[s.prefix()] = id
}

// DestroyCaseKeys destroys every KEK of the case for the given purposes (all
// purposes when none are given): tombstone first, then the key file is
// overwritten, synced and removed, and the folder synced. Files wrapped with
// a destroyed KEK answer ErrErased from then on. It returns how many KEKs
// were destroyed; destroying what is already gone is not an error.
func (kr *KeyRing) DestroyCaseKeys(caseID string, purposes ...string) (int, error) {
	ck := kr.caseKeys()
	if ck == nil {
		return 0, nil
	}
	if len(purposes) == 0 {
		purposes = []string{PurposeFootage, PurposeFilms, PurposeRecords}
	}
	ck.mu.Lock()
	defer ck.mu.Unlock()
	defer ck.fields.forget(caseID) // this server stops using them at once, even after a failure half-way
	n := 0
	for _, p := range purposes {
		s := Scope{CaseID: caseID, Purpose: p}
		if err := s.check(); err != nil {
			return n, err
		}
		ids, err := ck.live(s)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			if err := ck.destroy(id); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// destroy tombstones, overwrites and removes one KEK file.
func (ck *CaseKeys) destroy(id string) error {
	stone := []byte("erased " + time.Now().UTC().Format(time.RFC3339) + "\n")
	if err := writeFileAtomic(ck.path(id, ".erased"), stone); err != nil {
		return fmt.Errorf("vault: mark case key %s erased in %s: %w", id, ck.dir, err)
	}
	p := ck.path(id, ".kek")
	if err := overwrite(p); err != nil {
		return fmt.Errorf("vault: overwrite case key %s: %w", id, err)
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("vault: remove case key %s: %w", id, err)
	}
	return durable.SyncDir(ck.dir)
}

// overwrite fills a file with random bytes of its own length and syncs it.
func overwrite(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(randomBytes(int(info.Size())), 0); err != nil {
		return err
	}
	return f.Sync()
}

// RotateCaseKeys re-seals every KEK under the ring's active master key (the
// KEKs themselves, and so the file keys they wrap, stay the same). Erased
// KEKs are skipped. It can run again after an interruption.
func (kr *KeyRing) RotateCaseKeys() (int, error) {
	ck := kr.caseKeys()
	if ck == nil {
		return 0, nil
	}
	ck.mu.Lock()
	defer ck.mu.Unlock()
	ids, err := ck.allKeyFiles()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		kek, err := kr.readKEK(ck, id)
		if errors.Is(err, ErrErased) {
			continue
		}
		if err != nil {
			return n, err
		}
		if err := kr.writeKEK(ck, id, kek, true); err != nil {
			return n, fmt.Errorf("vault: re-seal case key %s: %w", id, err)
		}
		n++
	}
	return n, nil
}

// CaseKeySealedWith names the master key that seals the KEK a case-wrapped
// file key uses ("" for a key wrapped directly with a master key, which
// WrappedKeyID names), so rotation can be checked.
func (kr *KeyRing) CaseKeySealedWith(wrapped []byte) (string, error) {
	v, id, _, _, err := splitWrapped(wrapped)
	if err != nil || v != wrapVersionCase {
		return "", err
	}
	ck := kr.caseKeys()
	if ck == nil {
		return "", ErrCaseKeyMissing
	}
	if !caseKeyIDPattern.MatchString(id) {
		return "", fmt.Errorf("%w: %q is not a case key id", ErrCorrupt, id)
	}
	b, err := os.ReadFile(ck.path(id, ".kek"))
	if err != nil {
		return "", err
	}
	_, sealed, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(strings.TrimSpace(sealed), fieldPrefix))
	if err != nil || len(raw) < 1 || len(raw) < 1+int(raw[0]) {
		return "", fmt.Errorf("%w: case key %s is malformed", ErrCorrupt, id)
	}
	return string(raw[1 : 1+int(raw[0])]), nil
}

// UseCaseKeys makes WrapFor wrap with case keys from ck, and Unwrap open
// keys wrapped that way.
func (kr *KeyRing) UseCaseKeys(ck *CaseKeys) {
	kr.mu.Lock()
	kr.cases = ck
	kr.mu.Unlock()
}

func (kr *KeyRing) caseKeys() *CaseKeys {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	return kr.cases
}

// ErasedCases lists the cases whose records key was destroyed: the family
// was erased. Restoring an older backup erases their rows again, even
// where the shred list is lost.
func (kr *KeyRing) ErasedCases() ([]string, error) {
	ck := kr.caseKeys()
	if ck == nil {
		return nil, nil
	}
	entries, err := os.ReadDir(ck.dir)
	if err != nil {
		return nil, fmt.Errorf("vault: read the case key folder %s: %w", ck.dir, err)
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".erased")
		if !ok || !caseKeyIDPattern.MatchString(id) {
			continue
		}
		parts := strings.SplitN(id, ".", 3)
		if parts[1] == PurposeRecords && !seen[parts[0]] {
			seen[parts[0]] = true
			out = append(out, parts[0])
		}
	}
	sort.Strings(out)
	return out, nil
}
