package casework

import (
	"fmt"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// Step is what comes next in the work on a case: one action in words, and
// where it is done.
type Step struct {
	Text  string
	When  string // the next session, if one is planned: " · review Thursday 3 December, 10:00"
	Href  string // the page (or the place on the case page) where it is done; "" for none
	Stage string // when the step is moving the case to this stage: a button on the case page
}

// NextStep says what comes next in the work on a case, for the caseload.
func NextStep(c *domain.Case) string {
	s := Next(c)
	return s.Text + s.When
}

// Next is what comes next in the work on a case, with where it is done.
func Next(c *domain.Case) Step {
	page := "/cases/" + c.ID
	if c.Status == domain.CaseClosed {
		return Step{Text: "Closed"}
	}
	if step := peopleStep(c); step != "" {
		return Step{Text: step, Href: page + "/edit"}
	}
	if c.Progress == nil {
		return Step{Text: "Arrange the first meeting", Href: page + "#h-sessions"}
	}
	step := stageStep(page, c.Progress)
	if s := c.Progress.NextSession; s != nil {
		step.When = " · " + sessionLabels[s.Kind] + " " + s.StartsAt.Local().Format("Monday 2 January, 15:04")
	}
	return step
}

// peopleStep asks for who is missing from the case, if anyone.
func peopleStep(c *domain.Case) string {
	var adults, children int
	for _, p := range c.Participants {
		if p.Role == domain.ParticipantChild {
			children++
		} else {
			adults++
		}
	}
	switch {
	case adults == 0 && children == 0:
		return "Add the family members"
	case children == 0:
		return "Add the child"
	case adults == 0:
		return "Add the parent or carer"
	case strings.TrimSpace(c.Focus) == "":
		return "Write the focus in the family's words"
	}
	return ""
}

// stageStep is the next step of the intervention itself.
func stageStep(page string, p *domain.Progress) Step {
	switch p.Stage {
	case domain.StageFirstMeeting:
		switch {
		case p.OpenGoals == 0:
			return Step{Text: "First meeting: note the family's goals", Href: page + "#h-goals"}
		case !p.Filming:
			return Step{Text: "Record consent to filming", Href: page + "/consent"}
		}
		return Step{Text: "Start the cycles", Stage: domain.StageCycles}
	case domain.StageCycles:
		if c := p.NextCycle; c != nil {
			return cycleStep(page, c)
		}
		return Step{Text: "Every cycle is reviewed or cancelled: move to the ending", Stage: domain.StageEnding}
	case domain.StageEnding:
		return Step{Text: "Re-rate the goals and write the closing letter", Href: page + "/ending"}
	case domain.StageEnded:
		return Step{Text: "Ended: follow up, or close the case", Href: page + "#case-status"}
	}
	return Step{Text: "Arrange the first meeting", Href: page + "#h-sessions"}
}

// cycleStep is the next step of an open cycle, by where it stands.
func cycleStep(page string, c *domain.Cycle) Step {
	switch c.Status {
	case domain.CycleFilmed:
		return Step{Text: fmt.Sprintf("Edit cycle %d: mark the moments and clips in its recording", c.Number), Href: page + "#h-cycles"}
	case domain.CycleEdited:
		return Step{Text: fmt.Sprintf("Cycle %d: make the film and hold the shared review", c.Number), Href: page + "/films"}
	}
	return Step{Text: fmt.Sprintf("Film cycle %d: add the recording", c.Number), Href: page + "#h-recordings"}
}

var sessionLabels = map[string]string{
	domain.SessionFirstMeeting: "first meeting", domain.SessionFilming: "filming", domain.SessionReview: "review",
	domain.SessionEnding: "ending", domain.SessionFollowUp: "follow-up",
}

// DisplayName is how a participant is shown: initials only when the case asks.
func DisplayName(c *domain.Case, p domain.Participant) string {
	if !c.InitialsOnly {
		return p.Name
	}
	var b strings.Builder
	for _, w := range strings.Fields(p.Name) {
		r := []rune(w)
		b.WriteString(strings.ToUpper(string(r[0])) + ".")
	}
	return b.String()
}

// Age is a child's age in whole years on a day, or -1 without a valid date.
func Age(birthDate string, on time.Time) int {
	d, err := time.Parse("2006-01-02", birthDate)
	if err != nil {
		return -1
	}
	years := on.Year() - d.Year()
	if on.Month() < d.Month() || (on.Month() == d.Month() && on.Day() < d.Day()) {
		years--
	}
	return years
}

// AgeText is a child's age for people: in months under two, then in years.
func AgeText(birthDate string, on time.Time) string {
	d, err := time.Parse("2006-01-02", birthDate)
	if err != nil || d.After(on) {
		return ""
	}
	if years := Age(birthDate, on); years >= 2 {
		return fmt.Sprintf("%d years", years)
	}
	months := (on.Year()-d.Year())*12 + int(on.Month()-d.Month())
	if on.Day() < d.Day() {
		months--
	}
	switch {
	case months < 1:
		return "newborn"
	case months == 1:
		return "1 month"
	}
	return fmt.Sprintf("%d months", months)
}
