package vault

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
)

// The shred list records erasures so that they outlive old backups. A file
// key's wrapped form sits in the database, so a backup taken before an
// erasure still holds it; the list, kept beside the key file and never in a
// data backup, names the fingerprint of every erased file key (and the ids
// of erased cases and recordings). A key ring using the list refuses to
// unwrap a listed key, and a restore re-applies the listed erasures.
//
// Format, one record per line after the header:
//
//	attune-shredded v1
//	key <hex HMAC-SHA256 fingerprint of the file key>
//	case <case id>
//	recording <recording id>
const shredHeader = "attune-shredded v1"

// ErrShredded reports a file key that was destroyed by an erasure.
var ErrShredded = errors.New("vault: this file was erased (its key is on the shred list); it can no longer be decrypted")

const fingerprintPurpose = "file key fingerprint v1"

// ShredList is the list of erasures at one path: a file, or a folder shared
// by several servers (shred_dir.go). Safe for concurrent use.
type ShredList struct {
	path string
	dir  bool // path is a folder of one file per record
	mu   sync.RWMutex
	set  map[string]bool // "kind value"
}

// OpenShredList reads the list at path; a missing file is an empty list,
// created on the first Add.
func OpenShredList(path string) (*ShredList, error) {
	l := &ShredList{path: path, set: map[string]bool{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read the shred list %s: %w", path, err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != shredHeader {
		return nil, fmt.Errorf("vault: %s is not a shred list (first line is not %q); restore it from the key file's backup", path, shredHeader)
	}
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			l.set[line] = true
		}
	}
	return l, sc.Err()
}

// Has reports whether kind ("key", "case", "recording") and value are listed.
func (l *ShredList) Has(kind, value string) bool {
	if l == nil {
		return false
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.set[kind+" "+value]
}

// Values lists the listed values of one kind.
func (l *ShredList) Values(kind string) []string {
	if l == nil {
		return nil
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	var out []string
	for k := range l.set {
		if v, ok := strings.CutPrefix(k, kind+" "); ok {
			out = append(out, v)
		}
	}
	return out
}

// Add appends records ("key <fp>", "case <id>", ...) and syncs the file
// before returning: call it before the erasure commits.
func (l *ShredList) Add(records ...string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dir {
		if err := l.addFiles(records); err != nil {
			return err
		}
		for _, r := range records {
			l.set[r] = true
		}
		return nil
	}
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("vault: open the shred list %s: %w", l.path, err)
	}
	defer f.Close()
	var b strings.Builder
	if info, err := f.Stat(); err == nil && info.Size() == 0 {
		b.WriteString(shredHeader + "\n")
	}
	for _, r := range records {
		if !l.set[r] {
			b.WriteString(r + "\n")
		}
	}
	if _, err := f.WriteString(b.String()); err != nil {
		return fmt.Errorf("vault: write the shred list %s: %w", l.path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("vault: sync the shred list %s: %w", l.path, err)
	}
	for _, r := range records {
		l.set[r] = true
	}
	return nil
}

// KeyRecord is the shred-list record of a wrapped file key.
func (kr *KeyRing) KeyRecord(wrapped []byte) (string, error) {
	fk, err := kr.unwrap(wrapped)
	if err != nil {
		return "", err
	}
	return "key " + kr.fingerprint(fk), nil
}

func (kr *KeyRing) fingerprint(fk FileKey) string {
	m := hmac.New(sha256.New, kr.Derive(fingerprintPurpose))
	m.Write(fk[:])
	return hex.EncodeToString(m.Sum(nil))
}

// UseShredList makes Unwrap refuse keys on the list.
func (kr *KeyRing) UseShredList(l *ShredList) {
	kr.mu.Lock()
	kr.shreds = l
	kr.mu.Unlock()
}

// checkShredded returns ErrShredded for a listed key.
func (kr *KeyRing) checkShredded(fk FileKey) error {
	kr.mu.RLock()
	l := kr.shreds
	kr.mu.RUnlock()
	if l != nil && l.Has("key", kr.fingerprint(fk)) {
		return ErrShredded
	}
	return nil
}
