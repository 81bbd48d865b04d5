package turns

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// A scene is generated sound with its truth: who spoke when.
type scene struct {
	kind  string
	sound []int16
	truth []Utterance // in time order; may overlap in overlap scenes
}

// Scene kinds: what is spoken, and what lies under it.
type sceneKind struct {
	name       string
	overlap    bool    // some answers start before the other speaker ends
	nonContig  bool    // some answers come 3.3–4.5 s late (a turn, not contingent)
	runs       bool    // same-speaker runs and adult-started exchanges
	pink, tv   float64 // background level in dB under the speech's RMS (0: none)
	clatter    bool
	adultVoice string // "adult" unless a second adult's voice
	childVoice string // "child" unless whispering
}

var sceneKinds = []sceneKind{
	{name: "clean"},
	{name: "clean_mixed", nonContig: true, runs: true},
	{name: "overlap", nonContig: true, runs: true, overlap: true},
	{name: "pink_noise", nonContig: true, runs: true, pink: 15},
	{name: "tv_speech", nonContig: true, runs: true, tv: 10},
	{name: "clatter", nonContig: true, runs: true, clatter: true},
	{name: "noise_overlap", nonContig: true, runs: true, overlap: true, pink: 15, tv: 10, clatter: true},
	{name: "higher_adult", runs: true, adultVoice: "adult2"}, // an adult at about 205 Hz
	{name: "whispering_child", runs: true, childVoice: "whisper"},
}

func kindNamed(name string) sceneKind {
	for _, k := range sceneKinds {
		if k.name == name {
			return k
		}
	}
	panic(name)
}

type builder struct {
	t      testing.TB
	k      sceneKind
	r      *rand.Rand
	at     int // ms
	events []placed
}

type placed struct {
	u     Utterance
	sound []int16
}

func (b *builder) say(sp Speaker, gapMs int) {
	name := map[Speaker]string{Adult: b.k.adultVoice, Child: b.k.childVoice}[sp]
	if name == "" {
		name = string(sp)
	}
	texts := phrases[name]
	s := speak(b.t, name, texts[b.r.IntN(len(texts))])
	start := max(0, b.at+gapMs)
	end := start + len(s)*1000/SampleRate
	b.events = append(b.events, placed{Utterance{Speaker: sp, StartMs: start, EndMs: end}, s})
	b.at = end
}

func (b *builder) between(lo, hi int) int { return lo + b.r.IntN(hi-lo+1) }

// answerGap is the silence before an answer: contingent, late or overlapping.
func (b *builder) answerGap() int {
	switch x := b.r.Float64(); {
	case b.k.overlap && x < 0.3:
		return -b.between(200, 500)
	case b.k.nonContig && x > 0.75:
		return b.between(3300, 4500)
	default:
		return b.between(400, 2000)
	}
}

// exchange is one conversation, then a pause of 5.5–8 s.
func (b *builder) exchange() {
	switch x := b.r.Float64(); {
	case b.k.runs && x < 0.2: // the adult starts
		b.say(Adult, 0)
		b.say(Child, b.answerGap())
	case b.k.runs && x < 0.35: // the adult speaks twice, then the child answers
		b.say(Adult, 0)
		b.say(Adult, b.between(500, 900))
		b.say(Child, b.answerGap())
	case x < 0.45: // nobody answers the child
		b.say(Child, 0)
	default: // the child starts and maybe goes on
		b.say(Child, 0)
		b.say(Adult, b.answerGap())
		for b.r.Float64() < 0.5 {
			b.say(Child, b.between(300, 1500))
			b.say(Adult, b.answerGap())
		}
	}
	b.at += b.between(5500, 8000)
}

// makeScene builds a scene of about seconds s of kind k.
func makeScene(t testing.TB, k sceneKind, seconds int, seed uint64) scene {
	b := &builder{t: t, k: k, r: rand.New(rand.NewPCG(seed, 18)), at: 1000}
	for b.at < seconds*1000-8000 {
		b.exchange()
	}
	n := (b.at + 1000) * SampleRate / 1000
	mix := make([]float64, n)
	for _, e := range b.events {
		o := e.u.StartMs * SampleRate / 1000
		for i, v := range e.sound {
			if o+i < n {
				mix[o+i] += float64(v)
			}
		}
	}
	level := rms(mix)
	if k.pink > 0 {
		addAt(mix, pinkNoise(n, b.r), level, k.pink)
	}
	if k.tv > 0 {
		addAt(mix, tvSpeech(b, n), level, k.tv)
	}
	if k.clatter {
		addClatter(mix, b.r, level)
	}
	truth := make([]Utterance, len(b.events))
	for i, e := range b.events {
		truth[i] = e.u
	}
	slices.SortFunc(truth, func(a, b Utterance) int { return a.StartMs - b.StartMs })
	return scene{kind: k.name, sound: clip(mix), truth: truth}
}

// rms is the level of the speech while it sounds (silence left out).
func rms(x []float64) float64 {
	var s float64
	var n int
	for _, v := range x {
		if v != 0 {
			s, n = s+v*v, n+1
		}
	}
	return math.Sqrt(s / float64(max(n, 1)))
}

// addAt adds noise scaled to db under level.
func addAt(mix, noise []float64, level, db float64) {
	g := level * math.Pow(10, -db/20) / rms(noise)
	for i := range mix {
		mix[i] += g * noise[i]
	}
}

// pinkNoise is white noise through Paul Kellet's economy pink filter.
func pinkNoise(n int, r *rand.Rand) []float64 {
	out := make([]float64, n)
	var b0, b1, b2 float64
	for i := range out {
		w := 2*r.Float64() - 1
		b0 = 0.99765*b0 + w*0.0990460
		b1 = 0.96300*b1 + w*0.2965164
		b2 = 0.57000*b2 + w*1.0526913
		out[i] = b0 + b1 + b2 + w*0.1848
	}
	return out
}

// tvSpeech is a band-limited voice talking on and on, as a television does.
func tvSpeech(b *builder, n int) []float64 {
	out := make([]float64, n)
	for at := 0; at < n; {
		s := speak(b.t, "tv", phrases["tv"][b.r.IntN(len(phrases["tv"]))])
		for i, v := range s {
			if at+i < n {
				out[at+i] = float64(v)
			}
		}
		at += len(s) + b.between(150, 600)*SampleRate/1000
	}
	return out
}

// addClatter drops a few loud knocks a minute: decaying noise bursts of
// 30–120 ms, as loud as the speech.
func addClatter(mix []float64, r *rand.Rand, level float64) {
	for at := r.IntN(3 * SampleRate); at < len(mix); at += SampleRate + r.IntN(5*SampleRate) {
		n := (30 + r.IntN(90)) * SampleRate / 1000
		amp := level * (1 + 2*r.Float64())
		for i := 0; i < n && at+i < len(mix); i++ {
			mix[at+i] += amp * (2*r.Float64() - 1) * math.Exp(-5*float64(i)/float64(n))
		}
	}
}

func clip(x []float64) []int16 {
	out := make([]int16, len(x))
	for i, v := range x {
		out[i] = int16(max(-32768, min(32767, v)))
	}
	return out
}
