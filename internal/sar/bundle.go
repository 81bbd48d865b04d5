// Package sar answers a family's subject access request: everything held
// about one case, as a zip with a readable summary (HTML), machine-readable
// JSON and the family's stills, with chosen third parties left out. The zip
// is stored encrypted, downloaded only by whoever made it, audited, and
// erased when it expires.
package sar

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Bundle is what the export says, in the JSON file and the summary.
type Bundle struct {
	GeneratedAt  time.Time          `json:"generated_at"`
	Reference    string             `json:"reference"`
	Focus        string             `json:"focus"`
	Status       string             `json:"status"`
	OpenedAt     time.Time          `json:"opened_at"`
	ClosedAt     *time.Time         `json:"closed_at,omitempty"`
	Practitioner string             `json:"practitioner"`
	People       []Person           `json:"people"`
	Consents     []Consent          `json:"consents"`
	Goals        []Goal             `json:"goals"`
	Sessions     []Session          `json:"sessions"`
	Cycles       []Cycle            `json:"cycles"`
	Notes        []Note             `json:"notes"`
	Films        []Film             `json:"films"`
	EditedFilms  []EditedFilm       `json:"edited_films"`
	Shares       []SupervisionShare `json:"supervision_shares"`
	Withheld     int                `json:"third_parties_withheld"`

	stills []*domain.StoredFile // the still images to add, in Films order
	films  []*domain.FilmFile   // the rendered films to add, in EditedFilms order
}

type Person struct {
	Role      string `json:"role"`
	Name      string `json:"name"`
	Relation  string `json:"relation,omitempty"`
	BirthDate string `json:"birth_date,omitempty"`
}

type Consent struct {
	Purposes    []string   `json:"purposes"`
	GivenBy     string     `json:"given_by"`
	GivenAt     time.Time  `json:"given_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

type Goal struct {
	HelpingQuestion string   `json:"helping_question"`
	Hoped           int      `json:"hoped"`
	Ratings         []Rating `json:"ratings"`
}

type Rating struct {
	Value int       `json:"value"`
	Point string    `json:"point"`
	At    time.Time `json:"at"`
}

type Session struct {
	Kind       string    `json:"kind"`
	StartsAt   time.Time `json:"starts_at"`
	Attendance string    `json:"attendance,omitempty"`
}

type Cycle struct {
	Number      int    `json:"number"`
	ParentWords string `json:"parent_words,omitempty"`
	NextSteps   string `json:"next_steps,omitempty"`
}

type Note struct {
	Kind string `json:"kind"`
	Body string `json:"body"`
}

type Film struct {
	Filename   string    `json:"filename"`
	RecordedAt time.Time `json:"uploaded_at"`
	Stills     []Still   `json:"stills"`
}

type Still struct {
	Frame   int    `json:"frame"`
	Caption string `json:"caption,omitempty"`
	File    string `json:"file"`
}

// redactor replaces withheld people's names.
type redactor []string

func (r redactor) s(text string) string {
	for _, name := range r {
		text = strings.ReplaceAll(text, name, "[withheld]")
	}
	return text
}

// gather reads everything held about a case, leaving out the people whose
// participant ids are in withhold.
func gather(ctx context.Context, tx *store.Tx, caseID string, withhold map[string]bool, now time.Time) (*Bundle, error) {
	c, err := tx.CaseByID(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var red redactor
	b := &Bundle{GeneratedAt: now}
	for _, p := range c.Participants {
		if withhold[p.ID] {
			if strings.TrimSpace(p.Name) != "" {
				red = append(red, p.Name)
			}
			b.Withheld++
		}
	}
	sort.Slice(red, func(i, j int) bool { return len(red[i]) > len(red[j]) }) // longer names first
	for _, p := range c.Participants {
		if !withhold[p.ID] {
			b.People = append(b.People, Person{Role: p.Role, Name: red.s(p.Name), Relation: p.Relation, BirthDate: p.BirthDate})
		}
	}
	b.Reference, b.Focus, b.Status, b.OpenedAt, b.ClosedAt, b.Practitioner = red.s(c.Reference), red.s(c.Focus), c.Status, c.CreatedAt, c.ClosedAt, c.OwnerName
	for _, add := range []func(context.Context, *store.Tx, string, redactor) error{b.addRecords, b.addFilms, b.addEditedFilms, b.addShares} {
		if err := add(ctx, tx, caseID, red); err != nil {
			return nil, err
		}
	}
	return b, nil
}
