package supervision

import (
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// StageProgress is one stage of the log: what it asks for, what the work so
// far gives, and whether its review has been held.
type StageProgress struct {
	Rule        domain.AccreditationStage
	Cycles      int
	NewFamilies int
	Minutes     int
	Met         bool // every number reached
	Reviewed    *domain.AccreditationMeeting
	Current     bool
}

// Hours is the supervision time in hours.
func (p StageProgress) Hours() float64 { return float64(p.Minutes) / 60 }

// Log is a trainee's accreditation log.
type Log struct {
	Trainee       *domain.User
	Stages        []StageProgress
	Meetings      []domain.AccreditationMeeting
	Statement     string
	Accredited    *domain.AccreditationMeeting
	TotalCycles   int
	TotalFamilies int
	TotalMinutes  int
	// DoubleCoded counts the films the trainee coded blind with someone
	// else, both codings done; Agreement is how far they agreed, film by
	// film, oldest first (information for supervision, never a mark).
	DoubleCoded int
	Agreement   []AgreementPoint
}

// Current is the stage under way (nil once every stage is reviewed).
func (l *Log) Current() *StageProgress {
	for i := range l.Stages {
		if l.Stages[i].Current {
			return &l.Stages[i]
		}
	}
	return nil
}

// fill works out the log: each piece of work belongs to the first stage
// whose review was held on or after the day it was done (a stage not yet
// reviewed takes everything after the last review). Families count in the
// first stage they appear in.
func fill(stages []domain.AccreditationStage, meetings []domain.AccreditationMeeting, cycles []domain.ReviewedCycle,
	sessions []*domain.SupervisionSession) *Log {
	l := &Log{Meetings: meetings}
	reviews := map[int]*domain.AccreditationMeeting{}
	for i := range meetings {
		m := &meetings[i]
		switch m.Kind {
		case domain.MeetingTransition:
			reviews[m.Stage] = m
		case domain.MeetingAccreditation:
			l.Accredited = m
		}
	}
	for _, r := range stages {
		l.Stages = append(l.Stages, StageProgress{Rule: r, Reviewed: reviews[r.Number]})
	}
	if len(l.Stages) == 0 {
		return l
	}
	stageOf := func(day string) int {
		for i, p := range l.Stages {
			if p.Reviewed == nil || day <= p.Reviewed.HeldOn {
				return i
			}
		}
		return len(l.Stages) - 1
	}
	seen := map[string]bool{}
	for _, c := range cycles {
		i := stageOf(c.ReviewedAt.Format(time.DateOnly))
		l.Stages[i].Cycles++
		if !seen[c.CaseID] {
			seen[c.CaseID] = true
			l.Stages[i].NewFamilies++
		}
	}
	for _, x := range sessions {
		l.Stages[stageOf(x.HeldOn)].Minutes += x.Minutes
	}
	for i := range l.Stages {
		p := &l.Stages[i]
		p.Met = p.Cycles >= p.Rule.Cycles && p.NewFamilies >= p.Rule.NewFamilies && p.Minutes >= p.Rule.SupervisionHours*60
		l.TotalCycles += p.Cycles
		l.TotalFamilies += p.NewFamilies
		l.TotalMinutes += p.Minutes
	}
	for i := range l.Stages {
		if l.Stages[i].Reviewed == nil {
			l.Stages[i].Current = true
			break
		}
	}
	return l
}
