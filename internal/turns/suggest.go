package turns

import (
	"fmt"
	"strings"
)

// Suggestion is a span worth a guider's look: a child's initiative an
// adult answered, and the exchange that followed, until the conversation
// ends or the child starts afresh.
type Suggestion struct {
	StartMs   int `json:"start_ms"`
	EndMs     int `json:"end_ms"`
	LatencyMs int `json:"latency_ms"`
	Turns     int `json:"turns"`
	// InitiativeMs is when the child starts.
	InitiativeMs int `json:"initiative_ms"`
}

func suggestions(cfg Config, convs [][]block, ins []Initiative, durationMs int) []Suggestion {
	var out []Suggestion
	for k, in := range ins {
		if !in.Answered {
			continue
		}
		c := convs[in.conv]
		last := len(c) - 1
		if k+1 < len(ins) && ins[k+1].conv == in.conv {
			last = ins[k+1].index - 1
		}
		s := Suggestion{StartMs: max(0, in.StartMs-cfg.SuggestLeadMs), InitiativeMs: in.StartMs,
			LatencyMs: in.LatencyMs, Turns: (last - in.index + 1) / 2}
		s.EndMs = min(c[last].end+cfg.SuggestTailMs, s.StartMs+cfg.SuggestMaxMs)
		if durationMs > 0 {
			s.EndMs = min(s.EndMs, durationMs)
		}
		out = append(out, s)
	}
	return out
}

// Label says a suggestion in plain words: "Sam starts, Mum answers after
// 0.8 s, 3 turns". Empty names read "Child" and "adult".
func (s Suggestion) Label(child, adult string) string {
	child, adult = strings.TrimSpace(child), strings.TrimSpace(adult)
	if child == "" {
		child = "Child"
	}
	if adult == "" {
		adult = "adult"
	}
	turns := "turns"
	if s.Turns == 1 {
		turns = "turn"
	}
	return fmt.Sprintf("%s starts, %s answers after %.1f s, %d %s", capital(child), adult,
		float64(s.LatencyMs)/1000, s.Turns, turns)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
