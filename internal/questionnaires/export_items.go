package questionnaires

import (
	"context"
	"strconv"

	"github.com/attune-vig/attune/internal/store"
)

// answersOf loads the answers of each completed questionnaire of a case.
func (s *Service) answersOf(ctx context.Context, o *Outcomes) (map[string]Answers, error) {
	out := map[string]Answers{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		for _, sr := range o.Series {
			for _, r := range sr.Results {
				ans, err := tx.Answers(ctx, r.Assignment.ID)
				if err != nil {
					return err
				}
				out[r.Assignment.ID] = ans
			}
		}
		return nil
	})
	return out, err
}

// itemRows are the CSV rows of a questionnaire's answers: from the measure
// column on, the question's id, its score, seven empty score columns, the
// question and the answer as the parent saw it (the safecsv writer
// neutralises formulas in them).
func itemRows(in *Instrument, ans Answers) [][]string {
	var out [][]string
	for _, it := range in.Questions() {
		v := ans[it.LinkID]
		if v == "" {
			continue
		}
		score := ""
		if s, scored, err := it.score(v); err == nil && scored {
			score = strconv.FormatFloat(s, 'f', -1, 64)
		}
		out = append(out, []string{it.LinkID, score, "", "", "", "", "", "", "", it.Text, answerText(in, it.LinkID, v)})
	}
	return out
}
