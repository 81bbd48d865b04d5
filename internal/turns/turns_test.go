package turns

import (
	"fmt"
	"strings"
	"testing"
)

// seq builds utterances from "c0-800 a1500-2500 …": speaker, start and end ms.
func seq(t *testing.T, s string) []Utterance {
	var us []Utterance
	for _, f := range strings.Fields(s) {
		var a, b int
		sp := Adult
		if f[0] == 'c' {
			sp = Child
		}
		if _, err := fmt.Sscanf(f[1:], "%d-%d", &a, &b); err != nil {
			t.Fatalf("%q: %v", f, err)
		}
		us = append(us, Utterance{Speaker: sp, StartMs: a, EndMs: b, PitchHz: map[Speaker]float64{Adult: 120, Child: 320}[sp]})
	}
	return us
}

// LENA's counting: child–adult = 1, child–adult–child = 1,
// child–adult–child–adult = 2; a 5 s pause ends a conversation; same-speaker
// runs are one block; answered initiatives need 0.2–3 s.
func TestTurnsLENA(t *testing.T) {
	tests := []struct {
		name                     string
		utts                     string
		turns, initiated, answer int
		suggestions              int
	}{
		{"child adult", "c0-800 a1500-2500", 1, 1, 1, 1},
		{"child adult child", "c0-800 a1500-2500 c3000-3500", 1, 1, 1, 1},
		{"c a c a", "c0-800 a1500-2500 c3000-3500 a4000-5000", 2, 1, 1, 1},
		{"pause ends it", "c0-800 a5800-6500", 0, 1, 0, 0},
		{"same-speaker run", "c0-800 c1200-1800 a2500-3000", 1, 1, 1, 1},
		{"too quick", "c0-800 a850-2000", 1, 1, 0, 0},
		{"too late", "c0-800 a4000-5000", 1, 1, 0, 0},
		{"adult starts", "a0-800 c1500-2000 a2600-3000", 1, 0, 0, 0},
		{"child after a long wait", "a0-800 c4500-5000 a5500-6000", 1, 1, 1, 1},
		{"two initiatives", "c0-800 a1500-2500 c9000-9500 a10000-11000", 2, 2, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Summarise(DefaultConfig(), seq(t, tt.utts), 20000)
			if len(r.Turns) != tt.turns || r.Initiatives != tt.initiated || r.Answered != tt.answer || len(r.Suggestions) != tt.suggestions {
				t.Fatalf("turns %d initiatives %d answered %d suggestions %d; want %d %d %d %d",
					len(r.Turns), r.Initiatives, r.Answered, len(r.Suggestions), tt.turns, tt.initiated, tt.answer, tt.suggestions)
			}
		})
	}
}

// A suggestion spans a second before the child to a second after the
// exchange, and counts the exchange's turns.
func TestSuggestionSpan(t *testing.T) {
	r := Summarise(DefaultConfig(), seq(t, "c2000-2800 a3600-4500 c5000-5500 a6000-7000 a7200-7800"), 60000)
	if len(r.Suggestions) != 1 {
		t.Fatalf("%+v", r.Suggestions)
	}
	s := r.Suggestions[0]
	if s.StartMs != 1000 || s.EndMs != 8800 || s.Turns != 2 || s.LatencyMs != 800 {
		t.Fatalf("%+v", s)
	}
	if got := s.Label("", ""); got != "Child starts, adult answers after 0.8 s, 2 turns" {
		t.Errorf("label %q", got)
	}
}

// The split follows two clear groups of pitch (a higher-pitched adult and
// child) and stays put when there is only one voice.
func TestSplitAdapts(t *testing.T) {
	cfg := DefaultConfig()
	two := []Utterance{{PitchHz: 210, EndMs: 1000}, {PitchHz: 220, EndMs: 1000}, {PitchHz: 380, EndMs: 1000}, {PitchHz: 400, EndMs: 1000}}
	if s := splitFor(cfg, two); s < 270 || s > 310 {
		t.Errorf("split %v, want between the groups", s)
	}
	one := []Utterance{{PitchHz: 110, EndMs: 1000}, {PitchHz: 120, EndMs: 1000}, {PitchHz: 130, EndMs: 1000}}
	if s := splitFor(cfg, one); s != cfg.ChildPitchHz {
		t.Errorf("split %v for one voice, want %v", s, cfg.ChildPitchHz)
	}
}
