package casework

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
)

// Limits on what a case holds.
const (
	maxReference    = 60
	maxFocus        = 2000
	maxName         = 120
	maxRelation     = 60
	maxParticipants = 12
)

// Input is a new case or a full edit of one.
type Input struct {
	Reference    string
	Focus        string
	InitialsOnly bool
	Participants []domain.Participant
}

// Validate cleans the input and names the first field to fix.
func (in *Input) Validate(today time.Time) error {
	in.Reference, in.Focus = clean(in.Reference), strings.TrimSpace(in.Focus)
	if in.Reference == "" {
		return domain.FieldError("reference", "Enter a case reference, for example the one your service uses.")
	}
	if n := utf8.RuneCountInString(in.Reference); n > maxReference {
		return domain.FieldError("reference", "The reference is %d characters long; keep it to %d.", n, maxReference)
	}
	if n := utf8.RuneCountInString(in.Focus); n > maxFocus {
		return domain.FieldError("focus", "The focus is %d characters long; keep it to %d, or put the rest in notes.", n, maxFocus)
	}
	if len(in.Participants) > maxParticipants {
		return domain.FieldError("participants", "A case can have up to %d people.", maxParticipants)
	}
	for i := range in.Participants {
		if err := validateParticipant(&in.Participants[i], i, today); err != nil {
			return err
		}
	}
	return nil
}

func validateParticipant(p *domain.Participant, i int, today time.Time) error {
	field := fmt.Sprintf("participants[%d]", i)
	p.Name, p.Relation, p.BirthDate = clean(p.Name), clean(p.Relation), strings.TrimSpace(p.BirthDate)
	if p.ID == "" {
		p.ID = auth.NewID()
	}
	if p.Name == "" || utf8.RuneCountInString(p.Name) > maxName {
		return domain.FieldError(field+".name", "Enter person %d's name as the family uses it (up to %d characters).", i+1, maxName)
	}
	switch p.Role {
	case domain.ParticipantAdult:
		p.BirthDate = ""
		if utf8.RuneCountInString(p.Relation) > maxRelation {
			return domain.FieldError(field+".relation", "Keep %s's relation to the child short (up to %d characters).", p.Name, maxRelation)
		}
	case domain.ParticipantChild:
		return validateBirthDate(p, field, today)
	default:
		return domain.FieldError(field+".role", "Say whether %s is an adult or a child.", p.Name)
	}
	return nil
}

func validateBirthDate(p *domain.Participant, field string, today time.Time) error {
	d, err := time.Parse("2006-01-02", p.BirthDate)
	if err != nil {
		return domain.FieldError(field+".birth_date", "Enter %s's date of birth as year-month-day, for example 2021-05-04.", p.Name)
	}
	if d.After(today) || d.Before(today.AddDate(-30, 0, 0)) {
		return domain.FieldError(field+".birth_date", "%s's date of birth should be in the past 30 years.", p.Name)
	}
	return nil
}

// clean trims a one-line text and drops control characters.
func clean(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s))
}
