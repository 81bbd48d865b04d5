package auth

import (
	"strings"
	"testing"
)

func TestCheckPasswordStrength(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want error
	}{
		{"empty", "", errPasswordShort},
		{"11 chars", "abcdefghij1", errPasswordShort},
		{"12 chars", "tree lamp ox", nil},
		{"11 runes, 22 bytes", strings.Repeat("é", 10) + "x", errPasswordShort},
		{"12 runes of accents", "été à noël x", nil},
		{"256 bytes", strings.Repeat("ab", 128), nil},
		{"257 bytes", strings.Repeat("ab", 128) + "c", errPasswordLong},
		{"one character repeated", strings.Repeat("a", 20), errPasswordCommon},
		{"one accented character repeated", strings.Repeat("ü", 12), errPasswordCommon},
		{"common", "password1234", errPasswordCommon},
		{"common, other case", "Password1234", errPasswordCommon},
		{"common, long", "correcthorsebatterystaple", errPasswordCommon},
		{"words", "violin harbour pencil moss", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckPasswordStrength(tt.pw); got != tt.want {
				t.Errorf("CheckPasswordStrength(%q) = %v; want %v", tt.pw, got, tt.want)
			}
		})
	}
}

func TestPasswordShortMessage(t *testing.T) {
	want := "Choose a password of at least 12 characters — a few unrelated words work well."
	if got := CheckPasswordStrength("short").Error(); got != want {
		t.Errorf("message %q; want %q", got, want)
	}
}

func TestCommonPasswordsLoaded(t *testing.T) {
	if n := len(commonPasswords); n < 90 {
		t.Errorf("%d common passwords loaded; want about 100", n)
	}
	if commonPasswords["#"] || commonPasswords[""] {
		t.Error("comment or blank line loaded as a password")
	}
}
