package vault

import (
	"strings"
	"testing"
)

// TestIsCaseKeyID: the hand-written check agrees with caseKeyIDPattern.
func TestIsCaseKeyID(t *testing.T) {
	for _, id := range []string{
		"c1.records.0123456789abcdef", "A_b-9.footage.ffffffffffffffff", strings.Repeat("x", 80) + ".films.0000000000000000",
		strings.Repeat("x", 81) + ".films.0000000000000000", "c1.records.0123456789abcdeF", "c1.records.0123456789abcde",
		"c1.records.0123456789abcdef0", "c1.Records.0123456789abcdef", ".records.0123456789abcdef", "c1..0123456789abcdef",
		"c1.records", "c1.records.", "c/1.records.0123456789abcdef", "c1.records.0123456789abcdef\n",
		"c1." + strings.Repeat("a", 16) + ".0123456789abcdef", "c1." + strings.Repeat("a", 17) + ".0123456789abcdef",
		"c1.rec.ords.0123456789abcdef", "", "..", "c1.records.0123456789abcde.",
	} {
		if got, want := isCaseKeyID(id), caseKeyIDPattern.MatchString(id); got != want {
			t.Errorf("isCaseKeyID(%q) = %v, the pattern says %v", id, got, want)
		}
	}
}
