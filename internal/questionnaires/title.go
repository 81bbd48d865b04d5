package questionnaires

import (
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// Title is a stored instrument's title, as a parent reads it ("Generalised
// Anxiety Disorder Assessment (GAD-7)"); its name when it has none.
func Title(si *domain.StoredInstrument) string {
	in, err := load(si)
	if err != nil || strings.TrimSpace(in.Title) == "" {
		return si.Name
	}
	return in.Title
}
