package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A shared shred list is a folder holding one small file per record, named
// by the record's hash: several servers sharing the folder (beside the
// case keys, on NFS) add records without ever writing the same file, and
// a restore on any machine sees every server's erasures.
const shredExt = ".shred"

// OpenSharedShredList opens (creating, mode 0700) the shred list folder
// dir. The records of an older single-file list at legacy (if there is one)
// are copied in, so nothing listed before is forgotten.
func OpenSharedShredList(dir, legacy string) (*ShredList, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("vault: create the shred list folder %s: %w", dir, err)
	}
	l := &ShredList{path: dir, dir: true, set: map[string]bool{}}
	if err := l.load(); err != nil {
		return nil, err
	}
	old, err := OpenShredList(legacy)
	if err != nil {
		return nil, err
	}
	var missing []string
	for r := range old.set {
		if !l.set[r] {
			missing = append(missing, r)
		}
	}
	if err := l.Add(missing...); err != nil {
		return nil, err
	}
	return l, nil
}

// load reads every record file of the folder.
func (l *ShredList) load() error {
	entries, err := os.ReadDir(l.path)
	if err != nil {
		return fmt.Errorf("vault: read the shred list folder %s: %w", l.path, err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), shredExt) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(l.path, e.Name()))
		if err != nil {
			return fmt.Errorf("vault: read the shred list folder %s: %w", l.path, err)
		}
		if r := strings.TrimSpace(string(b)); r != "" {
			l.set[r] = true
		}
	}
	return nil
}

// addFiles writes one file per new record, each synced with the folder.
// Callers hold l.mu.
func (l *ShredList) addFiles(records []string) error {
	for _, r := range records {
		sum := sha256.Sum256([]byte(r))
		p := filepath.Join(l.path, hex.EncodeToString(sum[:16])+shredExt)
		if _, err := os.Stat(p); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("vault: the shred list folder %s: %w", l.path, err)
		}
		if err := writeFileAtomic(p, []byte(r+"\n")); err != nil {
			return fmt.Errorf("vault: write to the shred list folder %s: %w", l.path, err)
		}
	}
	return nil
}
