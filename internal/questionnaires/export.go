package questionnaires

import (
	"bytes"
	"context"
	"strconv"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/safecsv"
	"github.com/attune-vig/attune/internal/store"
)

// ResponseFHIR exports a completed questionnaire as a FHIR R4
// QuestionnaireResponse, and records the export.
func (s *Service) ResponseFHIR(ctx context.Context, a accounts.Actor, id string) ([]byte, error) {
	var out []byte
	var as *domain.Assignment
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		as, err = tx.AssignmentByID(ctx, id)
		if err := caseOf(ctx, tx, a, "response", caseIDOf(as), err, casework.WantView); err != nil {
			return err
		}
		if as.Status != domain.AssignmentCompleted {
			return domain.Errorf(domain.ECONFLICT, "This questionnaire hasn't been completed yet, so there is no response to export.")
		}
		in, err := s.instrument(ctx, tx, as.InstrumentID)
		if err != nil {
			return err
		}
		ans, err := tx.Answers(ctx, as.ID)
		if err != nil {
			return err
		}
		out, err = in.ResponseFHIR(as.ID, ans, *as.CompletedAt)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, s.DB.AuditView(ctx, entry(a, "questionnaire.export", "assignment", as.ID, as.CaseID, "fhir"))
}

// csvHeader is the tidy layout: one row per score (the total, or a subscale)
// of one completed questionnaire, then one per question answered (measure:
// the question's id, score: its score, with the question and the answer as
// the parent saw them).
var csvHeader = []string{"instrument", "version", "point", "cycle", "completed_at", "measure", "score", "band",
	"clinical", "change_from_first", "rci", "reliable_change", "crossed_cutoff", "recovered", "question", "answer"}

// CaseCSV exports a case's outcomes as tidy CSV, and records the export.
func (s *Service) CaseCSV(ctx context.Context, a accounts.Actor, caseID string) ([]byte, error) {
	o, err := s.CaseOutcomes(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	answers, err := s.answersOf(ctx, o)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := safecsv.NewWriter(&buf)
	w.Write(csvHeader)
	for _, sr := range o.Series {
		for _, r := range sr.Results {
			as := r.Assignment
			base := []string{sr.Name, strconv.Itoa(r.Instrument.Version), as.Point, strconv.Itoa(as.Cycle), as.CompletedAt.UTC().Format("2006-01-02T15:04:05Z")}
			row := append(append([]string{}, base...), "total", num(r.Score.Total), r.Score.Band, strconv.FormatBool(r.Score.Clinical))
			w.Write(append(append(row, changeCols(r.Change)...), "", ""))
			for _, sub := range r.Score.Subscales {
				w.Write(append(append([]string{}, base...), sub.Key, num(sub.Total), "", "", "", "", "", "", "", "", ""))
			}
			for _, row := range itemRows(r.Instrument, answers[as.ID]) {
				w.Write(append(append([]string{}, base...), row...))
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return buf.Bytes(), s.DB.AuditView(ctx, entry(a, "outcome.export", "case", caseID, caseID, "csv"))
}

func changeCols(c *Change) []string {
	if c == nil {
		return []string{"", "", "", "", ""}
	}
	return []string{strconv.FormatFloat(c.Diff, 'f', -1, 64), num(c.RCI), c.Direction, strconv.FormatBool(c.CrossedCutoff), strconv.FormatBool(c.Recovered)}
}

func num(f *float64) string {
	if f == nil {
		return "" // missing, as R and SPSS read an empty cell
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}
