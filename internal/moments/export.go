package moments

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/safecsv"
	"github.com/attune-vig/attune/internal/turns"
)

// CSVHeader is the moments CSV's first row.
var CSVHeader = []string{"kind", "speaker", "start_s", "end_s", "latency_s", "label"}

// WriteCSV writes what the moment finder heard, one row per utterance,
// turn and suggestion, in time order within each kind.
func WriteCSV(w io.Writer, m *Recording) error {
	cw := safecsv.NewWriter(w)
	cw.Write(CSVHeader)
	for _, u := range m.Timeline.Utterances {
		cw.Write([]string{"utterance", string(u.Speaker), secs(int64(u.StartMs)), secs(int64(u.EndMs)), "", ""})
	}
	for _, t := range m.Timeline.Turns {
		cw.Write([]string{"turn", string(t.Initiator), secs(int64(t.StartMs)), secs(int64(t.EndMs)), secs(int64(t.LatencyMs)), ""})
	}
	for _, s := range m.Suggestions {
		cw.Write([]string{"suggestion", string(turns.Child), secs(s.StartMS), secs(s.EndMS), secs(s.LatencyMS), s.Label})
	}
	cw.Flush()
	return cw.Error()
}

func secs(ms int64) string { return strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64) }

// Tier names of the ELAN export: each says it is an estimate from the sound.
const (
	TierAdult       = "Adult speaking (estimate from the sound)"
	TierChild       = "Child speaking (estimate from the sound)"
	TierTurns       = "Turns (estimate from the sound)"
	TierSuggestions = "Suggested moments"
)

// WriteEAF writes the speakers, turns and suggestions as ELAN tiers.
func WriteEAF(w io.Writer, m *Recording, now time.Time) error {
	tiers := []analysis.EAFTier{{Name: TierAdult}, {Name: TierChild}, {Name: TierTurns}, {Name: TierSuggestions}}
	for _, u := range m.Timeline.Utterances {
		i := 0
		if u.Speaker == turns.Child {
			i = 1
		}
		tiers[i].Spans = append(tiers[i].Spans, analysis.EAFSpan{StartMS: int64(u.StartMs), EndMS: int64(u.EndMs), Value: string(u.Speaker)})
	}
	for _, t := range m.Timeline.Turns {
		tiers[2].Spans = append(tiers[2].Spans, analysis.EAFSpan{StartMS: int64(t.StartMs), EndMS: int64(t.EndMs),
			Value: fmt.Sprintf("%s starts, answer after %.1f s", t.Initiator, float64(t.LatencyMs)/1000)})
	}
	for _, s := range m.Suggestions {
		tiers[3].Spans = append(tiers[3].Spans, analysis.EAFSpan{StartMS: s.StartMS, EndMS: s.EndMS, Value: s.Label})
	}
	return analysis.WriteEAFTiers(w, m.RecordingID, tiers, now)
}
