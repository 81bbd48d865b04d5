package turns

import (
	"bytes"
	"math"
	"testing"
)

// YIN finds the pitch of a harmonic sound within 3 %.
func TestPitch(t *testing.T) {
	for _, f0 := range []float64{90, 120, 200, 300, 420} {
		ex := newExtractor(DefaultConfig())
		s := voiced(f0, 200, 8000)
		var got []float64
		for i := 0; i+FrameSamples <= len(s); i += FrameSamples {
			if fr := ex.next(s[i : i+FrameSamples]); fr.speech && i >= 5*FrameSamples {
				got = append(got, fr.pitchHz)
			}
		}
		if len(got) < 10 {
			t.Fatalf("%v Hz: %d voiced frames of 15", f0, len(got))
		}
		for _, p := range got {
			if math.Abs(p/f0-1) > 0.03 {
				t.Fatalf("%v Hz: frame pitch %.1f", f0, p)
			}
		}
	}
}

// Low and high voices alternate in noise: the utterances, their speakers,
// the turns and the one suggestion come out as spoken.
func TestAnalyzeAlternation(t *testing.T) {
	sound := concat(silence(500),
		voiced(320, 800, 6000), silence(700), // child 0.5–1.3
		voiced(110, 1200, 8000), silence(400), // adult 2.0–3.2
		voiced(330, 600, 6000), silence(6000), // child 3.6–4.2
		voiced(115, 1000, 8000), silence(500), // adult alone 10.2–11.2
	)
	r, err := Analyze(bytes.NewReader(pcm(noisy(sound, 300, 1))), DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := []Utterance{{Speaker: Child, StartMs: 500, EndMs: 1300}, {Speaker: Adult, StartMs: 2000, EndMs: 3200},
		{Speaker: Child, StartMs: 3600, EndMs: 4200}, {Speaker: Adult, StartMs: 10200, EndMs: 11200}}
	if len(r.Utterances) != len(want) {
		t.Fatalf("utterances %+v, want %d", r.Utterances, len(want))
	}
	for i, u := range r.Utterances {
		w := want[i]
		if u.Speaker != w.Speaker || abs(u.StartMs-w.StartMs) > 60 || abs(u.EndMs-w.EndMs) > 60 {
			t.Errorf("utterance %d: %+v, want about %+v", i, u, w)
		}
	}
	if len(r.Turns) != 1 || r.Turns[0].Initiator != Child || abs(r.Turns[0].LatencyMs-700) > 80 {
		t.Errorf("turns %+v, want one child-initiated with 0.7 s latency", r.Turns)
	}
	if r.Initiatives != 1 || r.Answered != 1 || len(r.Suggestions) != 1 {
		t.Fatalf("initiatives %d answered %d suggestions %+v", r.Initiatives, r.Answered, r.Suggestions)
	}
	if got := r.Suggestions[0].Label("sam", "Mum"); got != "Sam starts, Mum answers after 0.7 s, 1 turn" {
		t.Errorf("label %q", got)
	}
}

func abs(x int) int { return max(x, -x) }
