package analysis

import (
	"path"
	"strings"
	"unicode"

	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
)

// Names are the words a person reads in an export in place of ids: each
// code's label (a sub-code as "Code: Sub-code") and each participant's name
// as the case shows it (initials where the case asks for them).
type Names struct {
	codes  map[string]string // code slug -> label
	people map[string]string // participant id -> name
}

// NewNames gathers the labels of a scheme's codes (retired ones included:
// old moments carry them) and the names of a case's participants.
func NewNames(sc *domain.Scheme, c *domain.Case) *Names {
	n := &Names{codes: map[string]string{}, people: map[string]string{}}
	if sc != nil {
		for _, code := range sc.Codes {
			n.codes[code.Code] = code.Label
			for _, sub := range code.Subcodes {
				n.codes[sub.Code] = code.Label + ": " + sub.Label
			}
		}
	}
	if c != nil {
		for _, p := range c.Participants {
			n.people[p.ID] = casework.DisplayName(c, p)
		}
	}
	return n
}

// Code is a code's label, or the code itself when the scheme has no label
// (or there are no names: nil Names).
func (n *Names) Code(code string) string {
	if n == nil {
		return code
	}
	if l := n.codes[code]; l != "" {
		return l
	}
	return code
}

// Person is a participant's name; "" for none, one no longer in the case,
// or no names (nil Names).
func (n *Names) Person(id string) string {
	if n == nil {
		return ""
	}
	return n.people[id]
}

// codeOf finds the code a CSV cell means: a code slug, or a label as the
// export writes it (any case). A label two codes share, or none, is left
// as written, for the validation to name.
func (n *Names) codeOf(cell string) string {
	if _, ok := n.codes[cell]; ok {
		return cell
	}
	return unique(n.codes, cell)
}

// personOf finds the participant a CSV cell means: an id, or a name as the
// export writes it (any case); "" stays "" (nobody said).
func (n *Names) personOf(cell string) string {
	if _, ok := n.people[cell]; ok || cell == "" {
		return cell
	}
	return unique(n.people, cell)
}

// unique is the one key whose value is cell (ignoring case), else cell.
func unique(m map[string]string, cell string) string {
	found := ""
	for k, v := range m {
		if strings.EqualFold(strings.TrimSpace(v), cell) {
			if found != "" {
				return cell
			}
			found = k
		}
	}
	if found == "" {
		return cell
	}
	return found
}

// ExportName names an export file after the case, the recording and the
// day it was filmed (uploaded): "<case-ref>-<recording>-<YYYY-MM-DD>.<ext>",
// in letters, digits, "-" and "_" only, so every system keeps it whole.
func ExportName(caseRef string, r *domain.Recording, ext string) string {
	base := path.Base(strings.ReplaceAll(r.Filename, "\\", "/"))
	stem := strings.TrimSuffix(base, path.Ext(base))
	parts := []string{}
	for _, p := range []string{caseRef, stem, r.CreatedAt.UTC().Format("2006-01-02")} {
		if s := safeName(p); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 1 { // only the date: say what it is
		parts = append([]string{"coding"}, parts...)
	}
	return strings.Join(parts, "-") + "." + ext
}

// safeName keeps ASCII letters, digits, "_" and "-"; any run of other
// characters becomes one "-"; at most 60 characters.
func safeName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		ok := r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > 60 {
		out = strings.TrimRight(out[:60], "-")
	}
	return out
}
