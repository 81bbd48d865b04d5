// Package backup takes consistent online backups of attune (the database and
// the encrypted file store) into a folder, and restores them into an empty
// place. Everything in a backup is encrypted or already was, and a manifest
// signed with the key ring lists each part with its hash.
package backup

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/attune-vig/attune/internal/vault"
)

// Names inside a backup folder.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
	DatabaseName  = "database.enc"
	FilesDir      = "files"
	formatVersion = 1
	// databaseFileID binds the encrypted database copy to its role.
	databaseFileID = "attune-backup-database"
)

// Manifest describes one backup. It is written last, so a folder without
// one holds an unfinished backup.
type Manifest struct {
	Format        int              `json:"format"`
	CreatedAt     time.Time        `json:"created_at"`
	Dialect       string           `json:"dialect"` // "sqlite" (a database file) or "postgres" (a table export)
	SchemaVersion int64            `json:"schema_version"`
	Database      Part             `json:"database"`
	Counts        map[string]int64 `json:"counts"` // rows per table at the backup's instant
	Files         []File           `json:"files"`
}

// Part is the encrypted database copy.
type Part struct {
	Name       string `json:"name"`
	Size       int64  `json:"size"`
	SHA256     string `json:"sha256"` // of the encrypted bytes
	WrappedKey []byte `json:"wrapped_key"`
}

// File is one stored file: its encrypted bytes, copied as they are.
type File struct {
	ID          string `json:"id"`
	BlobKey     string `json:"blob_key"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`       // of the encrypted copy
	PlainSHA256 string `json:"plain_sha256"` // of the decrypted content
}

// writeManifest signs and writes the manifest: the signature first, then the
// manifest itself, each crash-safely.
func writeManifest(dir string, m *Manifest, keys *vault.KeyRing) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileSync(filepath.Join(dir, SignatureName), []byte(keys.SignManifest(b)+"\n")); err != nil {
		return err
	}
	return writeFileSync(filepath.Join(dir, ManifestName), b)
}

// ReadManifest reads a backup's manifest and checks its signature with keys.
func ReadManifest(dir string, keys *vault.KeyRing) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s holds no %s: it is not an attune backup, or the backup did not finish; take a new one", dir, ManifestName)
	}
	if err != nil {
		return nil, err
	}
	sig, err := os.ReadFile(filepath.Join(dir, SignatureName))
	if err != nil {
		return nil, fmt.Errorf("read the manifest's signature: %w", err)
	}
	if err := keys.VerifyManifest(b, string(trimNL(sig))); err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("the manifest of %s is unreadable: %w", dir, err)
	}
	if m.Format != formatVersion {
		return nil, fmt.Errorf("backup format %d is not one this attune reads (%d); restore with the version that made it", m.Format, formatVersion)
	}
	return &m, nil
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// writeFileSync writes data to path and syncs it.
func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
