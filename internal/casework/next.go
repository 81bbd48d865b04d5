package casework

import (
	"fmt"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// NextStep says what comes next in the work on a case, for the dashboard.
func NextStep(c *domain.Case) string {
	if c.Status == domain.CaseClosed {
		return "Closed"
	}
	if step := peopleStep(c); step != "" {
		return step
	}
	if c.Progress == nil {
		return "Arrange the first meeting"
	}
	step := stageStep(c.Progress)
	if s := c.Progress.NextSession; s != nil {
		step += " · " + sessionLabels[s.Kind] + " " + s.StartsAt.Local().Format("Monday 2 January, 15:04")
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
func stageStep(p *domain.Progress) string {
	switch p.Stage {
	case domain.StageFirstMeeting:
		switch {
		case p.OpenGoals == 0:
			return "First meeting: note the family's goals"
		case !p.Filming:
			return "Record consent to filming"
		}
		return "Start the cycles"
	case domain.StageCycles:
		if c := p.NextCycle; c != nil {
			return fmt.Sprintf(cycleSteps[c.Status], c.Number)
		}
		return "Move to the ending"
	case domain.StageEnding:
		return "Re-rate the goals and write the closing letter"
	case domain.StageEnded:
		return "Ended: follow up, or close the case"
	}
	return "Arrange the first meeting"
}

var cycleSteps = map[string]string{
	domain.CyclePlanned: "Film cycle %d",
	domain.CycleFilmed:  "Edit the film of cycle %d",
	domain.CycleEdited:  "Shared review of cycle %d",
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
