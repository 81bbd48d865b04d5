package auth

import (
	_ "embed"
	"errors"
	"strings"
	"unicode/utf8"
)

const (
	minPasswordRunes = 12
	maxPasswordBytes = 256
)

var (
	errPasswordShort  = errors.New("Choose a password of at least 12 characters — a few unrelated words work well.")
	errPasswordLong   = errors.New("This password is too long: use at most 256 bytes (fewer if it has accents or symbols).")
	errPasswordCommon = errors.New("This password is too easy to guess. Choose a password of at least 12 characters — a few unrelated words work well.")
)

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords holds the embedded list, lowercased, one entry a line.
var commonPasswords = func() map[string]bool {
	m := make(map[string]bool)
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// CheckPasswordStrength returns an error meant for the person choosing pw
// when it is shorter than 12 characters, longer than 256 bytes, one character
// repeated, or on the list of very common passwords (ignoring case).
func CheckPasswordStrength(pw string) error {
	switch {
	case len(pw) > maxPasswordBytes:
		return errPasswordLong
	case utf8.RuneCountInString(pw) < minPasswordRunes:
		return errPasswordShort
	case allSameRune(pw) || commonPasswords[strings.ToLower(pw)]:
		return errPasswordCommon
	}
	return nil
}

func allSameRune(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}
