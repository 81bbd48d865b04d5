package family

import (
	"context"
	"strings"
	"unicode"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Grammatical forms a language may address a parent in (Polish past
// tenses and adjectives differ): chosen by their relation to the child.
const (
	FormFeminine  = "f"
	FormMasculine = "m"
)

// relationWords say a relation's grammatical gender, in English and Polish.
var relationWords = map[string]string{
	"mother": FormFeminine, "mum": FormFeminine, "mom": FormFeminine, "mummy": FormFeminine, "mommy": FormFeminine,
	"grandmother": FormFeminine, "grandma": FormFeminine, "gran": FormFeminine,
	"granny": FormFeminine, "nan": FormFeminine, "nana": FormFeminine, "aunt": FormFeminine, "auntie": FormFeminine,
	"sister": FormFeminine, "female": FormFeminine, "woman": FormFeminine,
	"matka": FormFeminine, "mama": FormFeminine, "macocha": FormFeminine, "babcia": FormFeminine, "ciocia": FormFeminine,
	"siostra": FormFeminine, "opiekunka": FormFeminine,
	"father": FormMasculine, "dad": FormMasculine, "daddy": FormMasculine,
	"grandfather": FormMasculine, "grandpa": FormMasculine, "grandad": FormMasculine, "uncle": FormMasculine,
	"brother": FormMasculine, "male": FormMasculine, "man": FormMasculine,
	"ojciec": FormMasculine, "tata": FormMasculine, "ojczym": FormMasculine, "dziadek": FormMasculine,
	"wujek": FormMasculine, "brat": FormMasculine, "opiekun": FormMasculine,
}

// FormOf tells the form a relation asks for ("mother", "female carer" →
// feminine); "" when it doesn't say or says both, so pages use neutral words.
func FormOf(relation string) string {
	form := ""
	for _, w := range strings.FieldsFunc(strings.ToLower(relation), func(r rune) bool { return !unicode.IsLetter(r) }) {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "step"), "foster")
		f, ok := relationWords[w]
		if !ok {
			continue
		}
		if form != "" && form != f {
			return ""
		}
		form = f
	}
	return form
}

// Form is how to address the signed-in parent: by the relation of the
// case's adult with their name, else of the case's only adult; "" when
// neither tells.
func (s *Service) Form(ctx context.Context, p *Parent) string {
	if p.ready() != nil {
		return ""
	}
	var c *domain.Case
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		c, err = tx.CaseByID(ctx, p.CaseID())
		return err
	}); err != nil {
		return ""
	}
	var adults []domain.Participant
	for _, pt := range c.Participants {
		if pt.Role == domain.ParticipantAdult {
			adults = append(adults, pt)
		}
	}
	for _, pt := range adults {
		if strings.EqualFold(strings.TrimSpace(pt.Name), strings.TrimSpace(p.Member.Name)) {
			return FormOf(pt.Relation)
		}
	}
	if len(adults) == 1 {
		return FormOf(adults[0].Relation)
	}
	return ""
}
