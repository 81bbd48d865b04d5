package turns

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
)

// voiced is a vowel-like sound: harmonics of f0 falling off with their
// number, at peak amplitude amp, for ms milliseconds.
func voiced(f0 float64, ms int, amp float64) []int16 {
	n := ms * SampleRate / 1000
	out := make([]int16, n)
	for i := range out {
		t := float64(i) / SampleRate
		var v float64
		for h := 1; float64(h)*f0 < 4000; h++ {
			v += math.Sin(2*math.Pi*f0*float64(h)*t) / float64(h)
		}
		out[i] = int16(amp * v / 2)
	}
	return out
}

func silence(ms int) []int16 { return make([]int16, ms*SampleRate/1000) }

// noisy adds white noise of amplitude amp.
func noisy(s []int16, amp float64, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]int16, len(s))
	for i, v := range s {
		out[i] = int16(max(-32768, min(32767, float64(v)+amp*(2*r.Float64()-1))))
	}
	return out
}

func concat(parts ...[]int16) []int16 {
	var out []int16
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func pcm(s []int16) []byte {
	b := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}
