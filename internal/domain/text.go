package domain

import (
	"fmt"
	"strconv"
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

// Fill puts args into a message's numbered places {1}, {2}… (the form every
// translation catalogue uses).
func Fill(msg string, args ...any) string {
	for i, a := range args {
		msg = strings.ReplaceAll(msg, "{"+strconv.Itoa(i+1)+"}", fmt.Sprint(a))
	}
	return msg
}
