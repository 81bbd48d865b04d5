package web

import "testing"

// Counts are written the way each language groups digits.
func TestFormatInt(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 7, "7"}, {"en", 2000, "2,000"}, {"en", 20000, "20,000"}, {"en", 1234567, "1,234,567"},
		{"pl", 2000, "2000"}, {"pl", 20000, "20\u00a0000"}, {"pl", 1234567, "1\u00a0234\u00a0567"},
	} {
		if got := formatInt(c.lang, c.n); got != c.want {
			t.Errorf("formatInt(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}
