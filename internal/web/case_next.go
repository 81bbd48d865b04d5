package web

import (
	"context"
	"fmt"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
)

// caseNext is "What comes next" on the case page: the caseload's next step,
// taken to the very recording or film it is about when the case page knows it.
func (ui *UI) caseNext(ctx context.Context, a accounts.Actor, v *caseView) (casework.Step, error) {
	s := casework.Next(v.Case)
	p := v.Case.Progress
	page := "/cases/" + v.Case.ID
	if p == nil || p.NextCycle == nil || (s.Href != page+"#h-cycles" && s.Href != page+"/films") {
		return s, nil // not a step of a cycle
	}
	n := p.NextCycle.Number
	switch p.NextCycle.Status {
	case domain.CycleFilmed:
		for _, r := range v.Recordings {
			if r.Cycle == n && r.Status == domain.RecordingReady {
				s.Text = fmt.Sprintf("Edit cycle %d: mark the moments and clips in %s", n, r.Filename)
				s.Href = "/recordings/" + r.ID + "/workspace"
				break
			}
		}
	case domain.CycleEdited:
		fs, err := ui.Films.ForCase(ctx, a, v.Case.ID)
		if err != nil {
			return s, err
		}
		for _, f := range fs {
			if f.Cycle != n {
				continue
			}
			if f.RenderedVersion == 0 {
				s.Text, s.Href = fmt.Sprintf("Cycle %d: finish the film “%s” and make it", n, f.Title), "/films/"+f.ID
			} else {
				s.Text, s.Href = fmt.Sprintf("Cycle %d: hold the shared review with the film “%s”", n, f.Title), "/films/"+f.ID+"/review"
			}
			break
		}
	}
	return s, nil
}
