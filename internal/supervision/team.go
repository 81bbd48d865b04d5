package supervision

import (
	"context"
	"strconv"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Member is one person's progress in a team overview.
type Member struct {
	UserID     string
	Name       string
	Supervisor string // who supervises them directly
	Stage      string // the stage under way, or "Accredited"/"All stages reviewed"
	Cycles     int
	Families   int
	Minutes    int
}

// Team is the progress of everyone below the caller: their supervisees and
// their supervisees' supervisees (for an administrator, every supervisee).
type Team struct {
	Members       []Member
	TotalCycles   int
	TotalFamilies int
	TotalMinutes  int
	Accredited    int
}

// Team builds the overview; the view is audited.
func (s *Service) Team(ctx context.Context, a accounts.Actor) (*Team, error) {
	if a.User == nil || !a.User.Active() || a.User.Role == domain.RolePractitioner {
		return nil, domain.Errorf(domain.EFORBIDDEN, "The team overview is for supervisors and the service lead.")
	}
	t := &Team{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		links, err := below(ctx, tx, a)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, l := range links {
			if seen[l.TraineeID] {
				continue
			}
			seen[l.TraineeID] = true
			lg, err := buildLog(ctx, tx, l.TraineeID)
			if err != nil {
				return err
			}
			t.add(lg, l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, s.DB.AuditView(ctx, entry(a, "accreditation.team.view", "user", a.ID(), "", ""))
}

func below(ctx context.Context, tx *store.Tx, a accounts.Actor) ([]domain.SupervisionLink, error) {
	if a.User.Role == domain.RoleAdmin {
		return tx.SupervisionLinks(ctx)
	}
	direct, err := tx.TraineesOf(ctx, a.ID())
	if err != nil {
		return nil, err
	}
	out := append([]domain.SupervisionLink{}, direct...)
	for _, d := range direct {
		next, err := tx.TraineesOf(ctx, d.TraineeID)
		if err != nil {
			return nil, err
		}
		out = append(out, next...)
	}
	return out, nil
}

func (t *Team) add(l *Log, link domain.SupervisionLink) {
	m := Member{UserID: l.Trainee.ID, Name: l.Trainee.Name, Supervisor: link.SupervisorName, Cycles: l.TotalCycles,
		Families: l.TotalFamilies, Minutes: l.TotalMinutes, Stage: "All stages reviewed"}
	if cur := l.Current(); cur != nil {
		m.Stage = cur.Rule.Name
	}
	if l.Accredited != nil {
		m.Stage = "Accredited"
		t.Accredited++
	}
	t.Members = append(t.Members, m)
	t.TotalCycles += m.Cycles
	t.TotalFamilies += m.Families
	t.TotalMinutes += m.Minutes
}

// Hours is a member's supervision time in hours, as a person reads it.
func (m Member) Hours() string { return hoursText(m.Minutes) }

// Hours is the team's supervision time in hours.
func (t *Team) Hours() string { return hoursText(t.TotalMinutes) }

func hoursText(minutes int) string { return strconv.FormatFloat(float64(minutes)/60, 'f', -1, 64) }
