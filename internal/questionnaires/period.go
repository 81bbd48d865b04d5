package questionnaires

import (
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// ParsePeriod reads a report's period from two dates (YYYY-MM-DD, both
// included); empty means the last twelve months up to today.
func ParsePeriod(from, to string, now time.Time) (time.Time, time.Time, error) {
	end := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	if to != "" {
		t, err := time.Parse("2006-01-02", to)
		if err != nil {
			return end, end, domain.FieldError("to", "Write the end date as year-month-day, for example 2026-03-31.")
		}
		end = t.AddDate(0, 0, 1)
	}
	start := end.AddDate(-1, 0, 0)
	if from != "" {
		t, err := time.Parse("2006-01-02", from)
		if err != nil {
			return start, end, domain.FieldError("from", "Write the start date as year-month-day, for example 2025-04-01.")
		}
		start = t
	}
	if !start.Before(end) {
		return start, end, domain.FieldError("from", "The start date must come before the end date.")
	}
	return start, end, nil
}
