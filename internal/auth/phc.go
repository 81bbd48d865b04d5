package auth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// argonParams are the argon2id cost parameters stored in a PHC string.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
	saltLen int
	keyLen  int
}

// currentParams are used for every new hash; older hashes are upgraded at login.
var currentParams = argonParams{memory: 64 * 1024, time: 3, threads: 2, saltLen: 16, keyLen: 32}

// Bounds on parameters read back from storage, so a damaged or tampered row
// cannot make one login allocate gigabytes or spin for minutes.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 16
	maxThreads   = 16
)

var errBadHash = errors.New("stored password hash is not a valid argon2id PHC string")

var b64 = base64.RawStdEncoding

// phcHash is a parsed PHC string.
type phcHash struct {
	params argonParams
	salt   []byte
	key    []byte
}

func (h phcHash) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.memory, h.params.time, h.params.threads,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// parsePHC parses "$argon2id$v=19$m=..,t=..,p=..$salt$hash".
func parsePHC(encoded string) (phcHash, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return phcHash{}, errBadHash
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return phcHash{}, fmt.Errorf("%w: unsupported version %q", errBadHash, parts[2])
	}
	p, err := parseParams(parts[3])
	if err != nil {
		return phcHash{}, err
	}
	salt, err1 := b64.Strict().DecodeString(parts[4])
	key, err2 := b64.Strict().DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(salt) > 64 || len(key) < 16 || len(key) > 64 {
		return phcHash{}, fmt.Errorf("%w: bad salt or hash encoding", errBadHash)
	}
	p.saltLen, p.keyLen = len(salt), len(key)
	return phcHash{params: p, salt: salt, key: key}, nil
}

// parseParams parses "m=65536,t=3,p=2" in exactly that order, within bounds.
func parseParams(s string) (argonParams, error) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return argonParams{}, fmt.Errorf("%w: bad parameters", errBadHash)
	}
	m, err1 := paramValue(fields[0], "m=", maxMemoryKiB)
	t, err2 := paramValue(fields[1], "t=", maxTime)
	p, err3 := paramValue(fields[2], "p=", maxThreads)
	if err := errors.Join(err1, err2, err3); err != nil || m < 8*p {
		return argonParams{}, fmt.Errorf("%w: bad parameters", errBadHash)
	}
	return argonParams{memory: uint32(m), time: uint32(t), threads: uint8(p)}, nil
}

func paramValue(field, prefix string, max uint64) (uint64, error) {
	digits, ok := strings.CutPrefix(field, prefix)
	if !ok || digits == "" || digits[0] < '0' || digits[0] > '9' {
		return 0, errBadHash
	}
	v, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || v < 1 || v > max {
		return 0, errBadHash
	}
	return v, nil
}
