package turns

import (
	"bytes"
	"fmt"
	"testing"
)

// evalToleranceMs is how far a found turn or suggestion may be from the
// truth and still count.
const evalToleranceMs = 300

// counts are hits, false finds and misses.
type counts struct{ tp, fp, fn int }

func (c *counts) add(o counts) { c.tp, c.fp, c.fn = c.tp+o.tp, c.fp+o.fp, c.fn+o.fn }

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// score is one scene kind's figures.
type score struct {
	labels, turns, suggestions counts
	seconds                    int
}

func (s *score) add(o score) {
	s.labels.add(o.labels)
	s.turns.add(o.turns)
	s.suggestions.add(o.suggestions)
	s.seconds += o.seconds
}

// evaluate runs the analysis on the scene and scores it against the truth.
func evaluate(t testing.TB, sc scene, cfg Config) score {
	r, err := Analyze(bytes.NewReader(pcm(sc.sound)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	dur := len(sc.sound) * 1000 / SampleRate
	truth := Summarise(cfg, withoutOverlap(cfg, sc.truth), dur)
	return score{
		labels:      labelCounts(sc.truth, r.Utterances, dur),
		turns:       match(turnKeys(truth.Turns), turnKeys(r.Turns)),
		suggestions: match(suggestionKeys(truth.Suggestions), suggestionKeys(r.Suggestions)),
		seconds:     dur / 1000,
	}
}

// withoutOverlap cuts the overlapping parts out of the truth: LENA counts
// nothing inside overlap.
func withoutOverlap(cfg Config, us []Utterance) []Utterance {
	out := append([]Utterance(nil), us...)
	for i := range out {
		for j := i + 1; j < len(out) && out[j].StartMs < out[i].EndMs; j++ {
			end := min(out[i].EndMs, out[j].EndMs)
			out[j].StartMs = end
			out[i].EndMs = us[j].StartMs
		}
	}
	kept := out[:0]
	for _, u := range out {
		if u.EndMs-u.StartMs >= cfg.MinUtteranceMs {
			kept = append(kept, u)
		}
	}
	return kept
}

// labelCounts compares speakers by time, 10 ms at a time: a frame found
// with the right speaker is a hit, with the wrong one or where nobody spoke
// a false find, and a spoken frame not found (or found wrong) a miss.
// Frames where both speak are left out.
func labelCounts(truth, found []Utterance, dur int) counts {
	n := dur / FrameMs
	tl, fl := make([]byte, n), make([]byte, n)
	paint := func(l []byte, us []Utterance) {
		for _, u := range us {
			v := byte(1)
			if u.Speaker == Child {
				v = 2
			}
			for f := u.StartMs / FrameMs; f < min(n, u.EndMs/FrameMs); f++ {
				if l[f] != 0 && l[f] != v {
					v = 3
				}
				l[f] |= v
			}
		}
	}
	paint(tl, truth)
	paint(fl, found)
	var c counts
	for f := range n {
		switch t, g := tl[f], fl[f]; {
		case t == 3:
		case t != 0 && t == g:
			c.tp++
		case t != 0 && g != 0:
			c.fp++
			c.fn++
		case t != 0:
			c.fn++
		case g != 0:
			c.fp++
		}
	}
	return c
}

// A key is a moment and who it belongs to; keys match within the tolerance.
type key struct {
	a, b int
	who  Speaker
}

func turnKeys(ts []Turn) []key {
	out := make([]key, len(ts))
	for i, t := range ts {
		out[i] = key{t.StartMs, t.ResponseMs, t.Initiator}
	}
	return out
}

func suggestionKeys(ss []Suggestion) []key {
	out := make([]key, len(ss))
	for i, s := range ss {
		out[i] = key{s.InitiativeMs, s.InitiativeMs, Child}
	}
	return out
}

// match pairs found keys with true ones, one to one, in time order.
func match(truth, found []key) counts {
	used := make([]bool, len(found))
	var c counts
	for _, t := range truth {
		hit := false
		for i, f := range found {
			if !used[i] && f.who == t.who && abs(f.a-t.a) <= evalToleranceMs && abs(f.b-t.b) <= evalToleranceMs {
				used[i], hit = true, true
				break
			}
		}
		if hit {
			c.tp++
		} else {
			c.fn++
		}
	}
	for _, u := range used {
		if !u {
			c.fp++
		}
	}
	return c
}

// evalTable runs scenes of each kind and returns a table and the scores.
func evalTable(t testing.TB, kinds []string, scenes, seconds int, cfg Config) (string, map[string]score) {
	needTools(t)
	scores := map[string]score{}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%-17s %5s  %-11s  %-11s  %-11s\n", "scene kind", "min", "labels P/R", "turns P/R", "sugg. P/R")
	pr := func(c counts) string {
		p := "  – "
		if c.tp+c.fp > 0 { // nothing found: no precision to speak of
			p = fmt.Sprintf("%.2f", c.precision())
		}
		return fmt.Sprintf("%s/%.2f", p, c.recall())
	}
	for _, name := range kinds {
		var s score
		for i := range scenes {
			s.add(evaluate(t, makeScene(t, kindNamed(name), seconds, uint64(i+1)), cfg))
		}
		scores[name] = s
		fmt.Fprintf(&buf, "%-17s %5.1f  %s    %s    %s   (%d turns, %d suggestions true)\n", name, float64(s.seconds)/60,
			pr(s.labels), pr(s.turns), pr(s.suggestions), s.turns.tp+s.turns.fn, s.suggestions.tp+s.suggestions.fn)
	}
	return buf.String(), scores
}
