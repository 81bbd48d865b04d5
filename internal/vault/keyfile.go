package vault

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// keyFileHeader is the first line of a key file, naming its format version.
//
// Format v1, one record per line:
//
//	attune-keyring v1
//	<key id> <standard base64 of 32 bytes>
//	...
//
// Keys are listed oldest first; the last one is active.
const keyFileHeader = "attune-keyring v1"

var keyIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// LoadOrCreateKeyFile reads the key ring at path, or, if there is no file
// there, creates one with a single new key (mode 0600, written crash-safely)
// and reports created=true. Creation is exclusive: if two processes start at
// once, one creates the file and the other loads it. A file readable or
// writable by group or others is refused. A symlink is followed.
func LoadOrCreateKeyFile(path string) (*KeyRing, bool, error) {
	kr, err := readKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return kr, false, err
	}
	kr = newKeyRing()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("vault: creating the directory for key file %s: %w", path, err)
	}
	err = writeFileExclusive(path, kr.marshal())
	if errors.Is(err, fs.ErrExist) {
		kr, err = readKeyFile(path) // another process created it first
		return kr, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("vault: creating key file %s: %w", path, err)
	}
	return kr, true, nil
}

// readKeyFile opens, checks and parses the key file at path. A missing file
// gives an error matching fs.ErrNotExist.
func readKeyFile(path string) (*KeyRing, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("vault: opening key file %s: %w; check the path and the permissions", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err == nil {
		err = checkKeyFileMode(path, info)
	}
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("vault: reading key file %s: %w", path, err)
	}
	kr, err := parseKeyFile(data)
	if err != nil {
		return nil, fmt.Errorf("vault: key file %s: %w; restore it from your key backup", path, err)
	}
	return kr, nil
}

// checkKeyFileMode refuses anything but a regular file private to its owner.
func checkKeyFileMode(path string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("vault: key file %s is not a regular file (mode %s); point the key file setting at a plain file", path, info.Mode())
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("vault: key file %s has permissions %04o, so other users may read the master key; run `chmod 600 %s` and start again", path, perm, path)
	}
	return nil
}

// parseKeyFile parses the text form of a key ring.
func parseKeyFile(data []byte) (*KeyRing, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != keyFileHeader {
		return nil, fmt.Errorf("first line is not %q (unknown format or not a key file)", keyFileHeader)
	}
	kr := &KeyRing{}
	for line := 2; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		k, err := parseKeyLine(text)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if kr.find(k.id) != nil {
			return nil, fmt.Errorf("line %d: key id %q appears twice", line, k.id)
		}
		kr.keys = append(kr.keys, k)
	}
	if len(kr.keys) == 0 {
		return nil, errors.New("holds no keys")
	}
	return kr, sc.Err()
}

// parseKeyLine parses "<id> <base64 key>".
func parseKeyLine(text string) (masterKey, error) {
	fields := strings.Fields(text)
	if len(fields) != 2 {
		return masterKey{}, errors.New(`want "<key id> <base64 key>"`)
	}
	if !keyIDPattern.MatchString(fields[0]) {
		return masterKey{}, fmt.Errorf("key id %q is not 1-32 characters of a-z, 0-9 and '-'", fields[0])
	}
	key, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil || len(key) != masterKeySize {
		return masterKey{}, fmt.Errorf("key %q is not base64 of exactly %d bytes", fields[0], masterKeySize)
	}
	return masterKey{id: fields[0], key: key}, nil
}

// Save writes the key ring to path with mode 0600: to a temporary file in
// the same directory, fsync, rename over path, fsync the directory. A crash
// leaves either the old file or the new one, never a mix.
func (kr *KeyRing) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("vault: creating the directory for key file %s: %w", path, err)
	}
	if err := writeFileAtomic(path, kr.marshal()); err != nil {
		return fmt.Errorf("vault: saving key file %s: %w; the previous key file (if any) is unchanged", path, err)
	}
	return nil
}

// marshal returns the text form of the key ring.
func (kr *KeyRing) marshal() []byte {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	var b bytes.Buffer
	b.WriteString(keyFileHeader + "\n")
	for _, k := range kr.keys {
		fmt.Fprintf(&b, "%s %s\n", k.id, base64.StdEncoding.EncodeToString(k.key))
	}
	return b.Bytes()
}
