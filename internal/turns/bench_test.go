package turns

import (
	"encoding/binary"
	"runtime"
	"testing"
	"time"
)

// benchSound is a minute of alternating low and high voices, silences and
// noise: about two thirds of the frames are loud enough for the pitch search.
func benchSound() []byte {
	var parts [][]int16
	for i := range 15 {
		parts = append(parts, voiced(320+float64(i), 900, 6000), silence(600), voiced(110+float64(i), 1500, 8000), silence(1000))
	}
	return pcm(noisy(concat(parts...), 200, 7))
}

// BenchmarkAnalyze reports how many times faster than real time the
// analysis runs on one core ("x_realtime"), and the same for a plain pass
// that only decodes the samples and sums their energy ("baseline_x"), measured
// in the same run: the ratio between them is what the analysis costs.
func BenchmarkAnalyze(b *testing.B) {
	sound := benchSound()
	seconds := float64(len(sound)/2) / SampleRate
	b.SetBytes(int64(len(sound)))
	start := time.Now()
	for b.Loop() {
		a := NewAnalyzer(DefaultConfig())
		for i := 0; i < len(sound); i += 32 << 10 {
			a.Write(sound[i:min(len(sound), i+32<<10)])
		}
		a.Finish()
	}
	per := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(seconds/per, "x_realtime")
	base := time.Now()
	var sink float64
	const baseRounds = 20
	for range baseRounds {
		for i := 0; i+1 < len(sound); i += 2 {
			v := float64(int16(binary.LittleEndian.Uint16(sound[i:])))
			sink += v * v
		}
	}
	basePer := time.Since(base).Seconds() / baseRounds
	b.ReportMetric(seconds/basePer, "baseline_x")
	if sink < 0 {
		b.Fatal(sink)
	}
}

// The analysis keeps a fixed amount of memory however long the sound: five
// minutes of sound allocate about as many bytes as one (the list of
// utterances found is all that grows, a few bytes a second).
func TestMemoryFlat(t *testing.T) {
	sound := benchSound()
	allocated := func(rounds int) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		a := NewAnalyzer(DefaultConfig())
		for range rounds {
			a.Write(sound)
		}
		a.Finish()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	one, five := allocated(1), allocated(5)
	if five > 2*one+64<<10 {
		t.Fatalf("%d bytes allocated for 5 minutes against %d for one: memory grows with the length", five, one)
	}
	t.Logf("%d bytes allocated for one minute, %d for five", one, five)
}
