package questionnaires

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// A manager reads the service report: every measure and figure is in
// words, never an internal name like share_reliable_improvement.
func TestReportSpeaksPlainWords(t *testing.T) {
	r := &Report{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		Measures: []*MeasureSummary{{Name: "PHQ-9", Pairs: 4, MeanFirst: 14, MeanLast: 8, MeanChange: -6, Judged: 4, Improved: 3, Recovered: 1}}}
	r.CasesOpened = 5
	raw := regexp.MustCompile(`[a-z]+_[a-z_]+`)
	for _, f := range r.Figures() {
		for _, s := range []string{f.Measure, f.Label, f.Shown} {
			if raw.MatchString(s) || s == "" {
				t.Errorf("figure %+v: %q is not in words", f, s)
			}
		}
	}
	csv := string(r.CSV())
	header, _, _ := strings.Cut(csv, "\n")
	if raw.MatchString(csv) {
		t.Errorf("the CSV holds internal names:\n%s", csv)
	}
	if header != "Period from,Period to,Measure,Figure,Value" {
		t.Errorf("CSV header %q", header)
	}
	for _, want := range []string{"Whole service,Cases opened,5", "PHQ-9,Reliably improved (share of those who could be judged),0.75"} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv)
		}
	}
	shown := map[string]string{}
	for _, f := range r.Figures() {
		shown[f.Measure+"|"+f.Label] = f.Shown
	}
	if got := shown["PHQ-9|Reliably improved (share of those who could be judged)"]; got != "75 %" {
		t.Errorf("a share is shown as a percentage: %q", got)
	}
}
