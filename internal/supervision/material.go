package supervision

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Material is shared material as its supervisor (or trainee) sees it: what
// it is, how to step through its frames, and the least of its case.
type Material struct {
	Share      *domain.MaterialShare
	Role       string // AsTrainee or AsSupervisor
	Title      string
	Ready      bool // playable now
	FPS        float64
	FrameCount int
	DurationMS int64
	Case       CaseSummary
}

// CaseSummary is all a supervisor sees of the case: its reference, the
// family's goals, and names as initials (unless the service shows names).
type CaseSummary struct {
	Reference string
	Goals     []string
	Names     []string
}

// Material loads shared material for its supervisor or trainee; the view is audited.
func (s *Service) Material(ctx context.Context, a accounts.Actor, shareID string) (*Material, error) {
	out := &Material{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		m, role, err := s.reach(ctx, tx, a, shareID)
		if err != nil {
			return err
		}
		out.Share, out.Role = m, role
		if err := describe(ctx, tx, out); err != nil {
			return err
		}
		out.Case, err = summary(ctx, tx, m.CaseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, s.DB.AuditView(ctx, entry(a, "supervision.material.view", "material_share", shareID, out.Share.CaseID, ""))
}

func describe(ctx context.Context, tx *store.Tx, out *Material) error {
	m := out.Share
	if m.Kind == domain.MaterialFilm {
		f, err := tx.FilmByID(ctx, m.MaterialID)
		if store.IsNotFound(err) {
			out.Title = "A film that has since been deleted"
			return nil
		} else if err != nil {
			return err
		}
		out.Title, out.FPS = f.Title, filmFPS(f.Format)
		_, err = tx.FilmVideo(ctx, f.ID)
		out.Ready = err == nil
		if store.IsNotFound(err) {
			err = nil
		}
		return err
	}
	r, err := tx.RecordingByID(ctx, m.MaterialID)
	if store.IsNotFound(err) {
		out.Title = "A recording that has since been erased"
		return nil
	} else if err != nil {
		return err
	}
	out.Title, out.FPS, out.FrameCount, out.DurationMS = r.Filename, r.FPS, r.FrameCount, r.DurationMS
	out.Ready = r.Status == domain.RecordingReady
	return nil
}

// filmFPS reads the frame rate a film was rendered at (30 when unknown).
func filmFPS(format string) float64 {
	var f struct{ FrameRate string }
	if json.Unmarshal([]byte(format), &f) == nil {
		num, den, ok := strings.Cut(f.FrameRate, "/")
		n, err1 := strconv.ParseFloat(num, 64)
		d, err2 := strconv.ParseFloat(den, 64)
		if ok && err1 == nil && err2 == nil && d > 0 && n/d > 0 {
			return n / d
		}
	}
	return 30
}

func summary(ctx context.Context, tx *store.Tx, caseID string) (CaseSummary, error) {
	var out CaseSummary
	c, err := tx.CaseByID(ctx, caseID)
	if err != nil {
		return out, err
	}
	full, err := tx.Setting(ctx, domain.SettingSupervisionFullNames, "false")
	if err != nil {
		return out, err
	}
	out.Reference = c.Reference
	for _, p := range c.Participants {
		if full == "true" && !c.InitialsOnly {
			out.Names = append(out.Names, p.Name)
		} else {
			out.Names = append(out.Names, Initials(p.Name))
		}
	}
	goals, err := tx.CaseGoals(ctx, caseID)
	for _, g := range goals {
		out.Goals = append(out.Goals, g.HelpingQuestion)
	}
	return out, err
}

// Initials shortens a name to its initials: "Ann Marie Lee" → "A. M. L.".
func Initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if len(r) > 0 && unicode.IsLetter(r[0]) {
			b.WriteString(string(unicode.ToUpper(r[0])) + ". ")
		}
	}
	return strings.TrimSpace(b.String())
}
