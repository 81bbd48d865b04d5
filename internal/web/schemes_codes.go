package web

import (
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// retiredMark ends a sub-code's line when the sub-code is retired.
const retiredMark = "(retired)"

// subLines writes a code's sub-codes one a line as "short-code: Label",
// without the "parent/" the scheme stores, and with "(retired)" at the end
// of a retired one.
func subLines(c domain.Code) string {
	var b strings.Builder
	for _, s := range c.Subcodes {
		b.WriteString(strings.TrimPrefix(s.Code, c.Code+"/") + ": " + s.Label)
		if s.Retired {
			b.WriteString(" " + retiredMark)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// codesOf reads the form's rows back into codes for the service, which
// checks everything else (codes, labels, colours, keys, codes in use).
func codesOf(rows []codeRow) ([]domain.Code, error) {
	var codes []domain.Code
	for _, row := range rows {
		c := domain.Code{Code: row.Code, Label: row.Label, Colour: row.Colour, Key: row.Key, Retired: row.Retired}
		subs, err := parseSubs(row.Code, row.Subs)
		if err != nil {
			return nil, err
		}
		c.Subcodes = subs
		codes = append(codes, c)
	}
	return codes, nil
}

// parseSubs reads "short-code: Label" lines; blank lines are skipped.
func parseSubs(parent, text string) ([]domain.Subcode, error) {
	var out []domain.Subcode
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		code, label, ok := strings.Cut(line, ":")
		if !ok {
			return nil, domain.FieldError("codes", "The sub-code line %q of %q needs a colon: write it \"short-code: Label\".", line, parent)
		}
		label = strings.TrimSpace(label)
		retired := strings.HasSuffix(label, retiredMark)
		label = strings.TrimSpace(strings.TrimSuffix(label, retiredMark))
		code = strings.TrimPrefix(strings.TrimSpace(code), parent+"/")
		out = append(out, domain.Subcode{Code: parent + "/" + code, Label: label, Retired: retired})
	}
	return out, nil
}
