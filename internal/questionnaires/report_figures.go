package questionnaires

import (
	"math"
	"strconv"
)

// Figure is one number of the service report: the measure and the figure
// in words a manager reads, a stable key for programs, the value as a
// number and as shown (a share as a percentage).
type Figure struct {
	Measure string // "Whole service", "PHQ-9", "Goal-based outcomes"
	Key     string // stable name for programs, e.g. share_reliable_improvement
	Label   string // the figure in words
	Value   string // the number, as R or SPSS reads it
	Shown   string // the number as people read it
}

// Figures are the report's numbers in reading order.
func (r *Report) Figures() []Figure {
	out := []Figure{
		count("Whole service", "cases_opened", "Cases opened", r.CasesOpened),
		count("Whole service", "cases_closed", "Cases closed", r.CasesClosed),
		count("Whole service", "cycles_completed", "Guidance cycles completed", r.CyclesCompleted),
	}
	for _, m := range r.Measures {
		out = append(out, count(m.Name, "completed_at_two_time_points", "Families who filled it in at least twice", m.Pairs),
			mean(m.Name, "mean_first", "Average score the first time", m.MeanFirst),
			mean(m.Name, "mean_last", "Average score the latest time", m.MeanLast),
			mean(m.Name, "mean_change", "Average change (latest minus first)", m.MeanChange),
			share(m.Name, "share_reliable_improvement", "Reliably improved (share of those who could be judged)", m.Share(m.Improved)),
			share(m.Name, "share_reliable_recovery", "Reliably improved and moved out of the clinical range (share)", m.Share(m.Recovered)),
			share(m.Name, "share_reliable_deterioration", "Reliably worse (share of those who could be judged)", m.Share(m.Worsen)))
	}
	g, goal := r.Goals, "Goal-based outcomes"
	return append(out, count(goal, "goals_rated_twice", "Goals rated at least twice", g.Goals),
		mean(goal, "mean_first", "Average first rating (out of 10)", g.MeanFirst),
		mean(goal, "mean_latest", "Average latest rating (out of 10)", g.MeanLatest),
		mean(goal, "mean_change", "Average change in rating", g.MeanDiff))
}

func count(measure, key, label string, n int) Figure {
	s := strconv.Itoa(n)
	return Figure{measure, key, label, s, s}
}

func mean(measure, key, label string, v float64) Figure {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	return Figure{measure, key, label, s, s}
}

func share(measure, key, label string, v float64) Figure {
	pct := strconv.FormatFloat(math.Round(v*100), 'f', -1, 64) + " %"
	return Figure{measure, key, label, strconv.FormatFloat(round(v, 3), 'f', -1, 64), pct}
}
