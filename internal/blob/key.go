package blob

import (
	"fmt"
	"strings"
)

// MaxKeyLen is the longest key a Store accepts.
const MaxKeyLen = 200

// CheckKey returns an error wrapping ErrInvalidKey unless key is 1 to
// MaxKeyLen characters of a-z, 0-9, '/', '-', '_' and '.', made of
// '/'-separated segments that each begin with a letter or digit (so no
// "..", no empty segment, no hidden or temporary file names, no leading or
// trailing '/'). Keys are made by the server, never taken from a user.
func CheckKey(key string) error {
	if key == "" || len(key) > MaxKeyLen {
		return fmt.Errorf("%w: length %d is not 1 to %d", ErrInvalidKey, len(key), MaxKeyLen)
	}
	if err := checkChars(key); err != nil {
		return err
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || !isAlnum(seg[0]) {
			return fmt.Errorf("%w: %q has a segment that is empty or does not start with a-z or 0-9", ErrInvalidKey, key)
		}
	}
	return nil
}

// checkPrefix validates a List prefix: "" or the allowed characters, not
// starting with '/', without "..".
func checkPrefix(prefix string) error {
	if len(prefix) > MaxKeyLen || strings.HasPrefix(prefix, "/") {
		return fmt.Errorf("%w: prefix %q", ErrInvalidKey, prefix)
	}
	return checkChars(prefix)
}

// checkChars rejects characters outside the key alphabet and "..".
func checkChars(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && c != '/' && c != '-' && c != '_' && c != '.' {
			return fmt.Errorf("%w: %q contains a character outside a-z 0-9 / - _ .", ErrInvalidKey, s)
		}
	}
	if strings.Contains(s, "..") {
		return fmt.Errorf("%w: %q contains \"..\"", ErrInvalidKey, s)
	}
	return nil
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
