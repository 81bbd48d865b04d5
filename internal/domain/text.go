package domain

import (
	"strings"
	"unicode/utf8"
)

// Line trims a one-line text a person typed and drops control characters.
func Line(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s))
}

// Text trims a multi-line text a person typed, keeping line breaks and
// tabs only.
func Text(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || r == '\r' {
			return -1
		}
		return r
	}, s))
}

// TooLong tells whether s has more than max characters.
func TooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }
