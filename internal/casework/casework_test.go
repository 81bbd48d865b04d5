package casework

import (
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func TestInputValidation(t *testing.T) {
	adult := domain.Participant{Role: "adult", Name: "Ann", Relation: "mother"}
	child := domain.Participant{Role: "child", Name: "Sam", BirthDate: "2021-05-04"}
	cases := []struct {
		name  string
		in    Input
		field string
	}{
		{"fine", Input{Reference: " K-1 ", Participants: []domain.Participant{adult, child}}, ""},
		{"no reference", Input{Reference: "  "}, "reference"},
		{"control characters only", Input{Reference: "\x00\x1b"}, "reference"},
		{"long reference", Input{Reference: strings.Repeat("r", 61)}, "reference"},
		{"long focus", Input{Reference: "a", Focus: strings.Repeat("f", 2001)}, "focus"},
		{"nameless person", Input{Reference: "a", Participants: []domain.Participant{{Role: "adult"}}}, "participants[0].name"},
		{"child born tomorrow", Input{Reference: "a", Participants: []domain.Participant{adult, {Role: "child", Name: "X", BirthDate: "2026-11-26"}}}, "participants[1].birth_date"},
		{"child with no date", Input{Reference: "a", Participants: []domain.Participant{{Role: "child", Name: "X"}}}, "participants[0].birth_date"},
		{"too many people", Input{Reference: "a", Participants: make([]domain.Participant, 13)}, "participants"},
		{"unknown role", Input{Reference: "a", Participants: []domain.Participant{{Role: "dog", Name: "Rex"}}}, "participants[0].role"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.in.Validate(today)
			field := ""
			if e, ok := err.(*domain.Error); ok {
				field = e.Field
			}
			if field != c.field {
				t.Fatalf("error %v on field %q, want %q", err, field, c.field)
			}
		})
	}
}

func TestValidateCleans(t *testing.T) {
	in := Input{Reference: " K\x07-1 ", Participants: []domain.Participant{{Role: "adult", Name: " Ann ", BirthDate: "2000-01-01"}}}
	if err := in.Validate(today); err != nil {
		t.Fatal(err)
	}
	p := in.Participants[0]
	if in.Reference != "K-1" || p.Name != "Ann" || p.BirthDate != "" || p.ID == "" {
		t.Fatalf("not cleaned: %+v", in)
	}
}

func TestNextStepDisplayAndAge(t *testing.T) {
	c := &domain.Case{Status: domain.CaseOpen, Focus: "x", InitialsOnly: true,
		Participants: []domain.Participant{{Role: "adult", Name: "ann marie jones"}, {Role: "child", Name: "Sam"}}}
	if NextStep(c) != "Arrange the first meeting" {
		t.Errorf("next step %q", NextStep(c))
	}
	if got := DisplayName(c, c.Participants[0]); got != "A.M.J." {
		t.Errorf("initials %q", got)
	}
	for _, tc := range []struct {
		birth string
		want  int
	}{{"2021-11-25", 5}, {"2021-11-26", 4}, {"2020-02-29", 6}, {"nonsense", -1}} {
		if got := Age(tc.birth, today); got != tc.want {
			t.Errorf("Age(%s) = %d, want %d", tc.birth, got, tc.want)
		}
	}
	for _, tc := range []struct {
		c    domain.Case
		want string
	}{
		{domain.Case{Status: domain.CaseClosed}, "Closed"},
		{domain.Case{Status: domain.CaseOpen}, "Add the family members"},
		{domain.Case{Status: domain.CaseOpen, Participants: []domain.Participant{{Role: "adult"}}}, "Add the child"},
		{domain.Case{Status: domain.CaseOpen, Participants: []domain.Participant{{Role: "child"}}}, "Add the parent or carer"},
		{domain.Case{Status: domain.CaseOpen, Participants: []domain.Participant{{Role: "child"}, {Role: "adult"}}}, "Write the focus in the family's words"},
	} {
		if got := NextStep(&tc.c); got != tc.want {
			t.Errorf("NextStep = %q, want %q", got, tc.want)
		}
	}
}

func TestWhoMayDoWhat(t *testing.T) {
	prac := &domain.User{Role: domain.RolePractitioner}
	sup := &domain.User{Role: domain.RoleSupervisor}
	adm := &domain.User{Role: domain.RoleAdmin}
	now := time.Now()
	gone := &domain.User{Role: domain.RolePractitioner, DisabledAt: &now}
	cases := []struct {
		u      *domain.User
		access domain.Access
		want   map[string]bool
	}{
		{prac, domain.AccessOwner, map[string]bool{WantView: true, WantEdit: true, WantOwner: true}},
		{prac, domain.AccessShared, map[string]bool{WantView: true, WantEdit: true, WantOwner: false}},
		{sup, domain.AccessShared, map[string]bool{WantView: true, WantEdit: false, WantOwner: false}},
		{sup, domain.AccessNone, map[string]bool{WantView: false, WantEdit: false, WantOwner: false}},
		{adm, domain.AccessOwner, map[string]bool{WantView: false, WantEdit: false, WantOwner: false}},
		{gone, domain.AccessOwner, map[string]bool{WantView: false, WantEdit: false, WantOwner: false}},
	}
	for _, c := range cases {
		for want, ok := range c.want {
			if allowed(c.u, c.access, want) != ok {
				t.Errorf("%s with %q access may %s: got %v", c.u.Role, c.access, want, !ok)
			}
		}
	}
}

func TestAgeText(t *testing.T) {
	for _, c := range []struct{ birth, want string }{
		{"2026-11-20", "newborn"}, {"2026-10-25", "1 month"}, {"2026-01-26", "9 months"},
		{"2025-01-01", "22 months"}, {"2024-11-25", "2 years"}, {"2019-12-01", "6 years"}, {"2027-01-01", ""}, {"x", ""},
	} {
		if got := AgeText(c.birth, today); got != c.want {
			t.Errorf("AgeText(%s) = %q, want %q", c.birth, got, c.want)
		}
	}
}

func TestNextStepFollowsTheIntervention(t *testing.T) {
	people := []domain.Participant{{Role: "adult", Name: "Ann"}, {Role: "child", Name: "Sam"}}
	review := &domain.Meeting{Kind: domain.SessionReview, StartsAt: time.Date(2026, 12, 3, 10, 0, 0, 0, time.Local)}
	cycle := func(n int, status string) *domain.Cycle { return &domain.Cycle{Number: n, Status: status} }
	for _, c := range []struct {
		p    domain.Progress
		want Step
	}{
		{domain.Progress{Stage: domain.StageFirstMeeting}, Step{Text: "First meeting: note the family's goals", Href: "/cases/k#h-goals"}},
		{domain.Progress{Stage: domain.StageFirstMeeting, OpenGoals: 2}, Step{Text: "Record consent to filming", Href: "/cases/k/consent"}},
		{domain.Progress{Stage: domain.StageFirstMeeting, OpenGoals: 2, Filming: true}, Step{Text: "Start the cycles", Stage: domain.StageCycles}},
		{domain.Progress{Stage: domain.StageCycles, NextCycle: cycle(1, domain.CyclePlanned)},
			Step{Text: "Film cycle 1: add the recording", Href: "/cases/k#h-recordings"}},
		{domain.Progress{Stage: domain.StageCycles, NextCycle: cycle(2, domain.CycleFilmed), NextSession: review},
			Step{Text: "Edit cycle 2: mark the moments and clips in its recording", When: " · review Thursday 3 December, 10:00", Href: "/cases/k#h-cycles"}},
		{domain.Progress{Stage: domain.StageCycles, NextCycle: cycle(3, domain.CycleEdited)},
			Step{Text: "Cycle 3: make the film and hold the shared review", Href: "/cases/k/films"}},
		{domain.Progress{Stage: domain.StageCycles}, Step{Text: "Every cycle is reviewed or cancelled: move to the ending", Stage: domain.StageEnding}},
		{domain.Progress{Stage: domain.StageEnding}, Step{Text: "Re-rate the goals and write the closing letter", Href: "/cases/k/ending"}},
		{domain.Progress{Stage: domain.StageEnded}, Step{Text: "Ended: follow up, or close the case", Href: "/cases/k#case-status"}},
	} {
		p := c.p
		got := Next(&domain.Case{ID: "k", Status: domain.CaseOpen, Focus: "x", Participants: people, Progress: &p})
		if got != c.want {
			t.Errorf("Next(%+v) = %+v, want %+v", c.p, got, c.want)
		}
	}
}
