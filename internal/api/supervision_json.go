package api

import (
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/supervision"
)

type materialShareJSON struct {
	ID             string     `json:"id"`
	CaseID         string     `json:"case_id"`
	Kind           string     `json:"kind"`
	MaterialID     string     `json:"material_id"`
	TraineeID      string     `json:"trainee_id"`
	TraineeName    string     `json:"trainee_name"`
	SupervisorID   string     `json:"supervisor_id"`
	SupervisorName string     `json:"supervisor_name"`
	Note           string     `json:"note"`
	ExpiresAt      *time.Time `json:"expires_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at"`
	CreatedAt      time.Time  `json:"created_at"`
}

func materialShareOut(m *domain.MaterialShare) materialShareJSON {
	return materialShareJSON{ID: m.ID, CaseID: m.CaseID, Kind: m.Kind, MaterialID: m.MaterialID, TraineeID: m.TraineeID, TraineeName: m.TraineeName,
		SupervisorID: m.SupervisorID, SupervisorName: m.SupervisorName, Note: m.Note, ExpiresAt: m.ExpiresAt, WithdrawnAt: m.WithdrawnAt, CreatedAt: m.CreatedAt}
}

func sharesOut(ms []*domain.MaterialShare) []materialShareJSON {
	out := []materialShareJSON{}
	for _, m := range ms {
		out = append(out, materialShareOut(m))
	}
	return out
}

type materialJSON struct {
	Share      materialShareJSON `json:"share"`
	Role       string            `json:"role"`
	Title      string            `json:"title"`
	Ready      bool              `json:"ready"`
	FPS        float64           `json:"fps"`
	FrameCount int               `json:"frame_count"`
	DurationMS int64             `json:"duration_ms"`
	Case       struct {
		Reference string   `json:"reference"`
		Goals     []string `json:"goals"`
		Names     []string `json:"names"`
	} `json:"case"`
}

func materialOut(m *supervision.Material) materialJSON {
	out := materialJSON{Share: materialShareOut(m.Share), Role: m.Role, Title: m.Title, Ready: m.Ready, FPS: m.FPS, FrameCount: m.FrameCount, DurationMS: m.DurationMS}
	out.Case.Reference, out.Case.Goals, out.Case.Names = m.Case.Reference, nonNil(m.Case.Goals), nonNil(m.Case.Names)
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
