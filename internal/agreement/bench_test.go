package agreement

import (
	"math/rand/v2"
	"testing"
)

// filmCoding is n moments spread over a film of frames frames.
func filmCoding(rng *rand.Rand, n, frames int) []Moment {
	codes := []string{"being-attentive", "encouraging-initiatives", "receiving-initiatives", "guiding", "deepening-discussion",
		"being-attentive/interested-looks", "receiving-initiatives/smiling", "guiding/scaffolding"}
	out := make([]Moment, n)
	for i := range out {
		s := rng.IntN(frames - 200)
		l := 0
		if rng.IntN(3) > 0 {
			l = 10 + rng.IntN(150)
		}
		out[i] = Moment{codes[rng.IntN(len(codes))], s, s + l}
	}
	return out
}

// BenchmarkCompare times both comparisons of two codings of an hour's film
// (90,000 frames, 3,000 moments each) against a tenth of that (6 minutes,
// 300 moments): the work should grow about tenfold, not a hundredfold.
func BenchmarkCompare(b *testing.B) {
	for _, size := range []struct {
		name            string
		moments, frames int
	}{{"baseline-6min-300", 300, 9_000}, {"hour-3000", 3_000, 90_000}} {
		rng := rand.New(rand.NewPCG(9, 9))
		a, c := filmCoding(rng, size.moments, size.frames), filmCoding(rng, size.moments, size.frames)
		b.Run(size.name, func(b *testing.B) {
			for b.Loop() {
				Compare(a, c, Options{FPS: 25})
			}
		})
	}
}
