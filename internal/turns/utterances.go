package turns

import "math"

// Speaker is who an utterance is from.
type Speaker string

const (
	Adult Speaker = "adult"
	Child Speaker = "child"
)

// Utterance is one stretch of one speaker's voice.
type Utterance struct {
	Speaker Speaker `json:"speaker"`
	StartMs int     `json:"start_ms"`
	EndMs   int     `json:"end_ms"`
	PitchHz float64 `json:"pitch_hz"` // median pitch of its voiced frames
	Tilt    float64 `json:"-"`        // mean brightness of its voiced frames
}

// Pitch histogram: pitchBins bins, each pitchBinOctave of an octave wide,
// from pitchBase. Medians come from it, so an utterance's memory is fixed.
const (
	pitchBins      = 72
	pitchBinOctave = 1.0 / 24
	pitchBase      = 60.0
)

func pitchBin(hz float64) int {
	b := int(math.Log2(hz/pitchBase) / pitchBinOctave)
	return min(max(b, 0), pitchBins-1)
}

func binPitch(b int) float64 { return pitchBase * math.Exp2((float64(b)+0.5)*pitchBinOctave) }

// open is the utterance being built.
type open struct {
	start, end int     // frames, end exclusive
	class      Speaker // from the frames' pitch
	hist       [pitchBins]int32
	voiced     int
	tiltSum    float64
}

func (o *open) add(f int, fr frame) {
	o.end = f + 1
	o.hist[pitchBin(fr.pitchHz)]++
	o.voiced++
	o.tiltSum += fr.tilt
}

func (o *open) median() float64 {
	half, seen := (o.voiced+1)/2, 0
	for b, n := range o.hist {
		if seen += int(n); seen >= half {
			return binPitch(b)
		}
	}
	return 0
}

// segmenter groups speech frames into utterances as they arrive.
type segmenter struct {
	cfg        Config
	cur        *open
	other      *open // the other speaker's voice inside cur, not yet long enough to split
	lastSame   int   // the last frame of cur's own class
	done       []Utterance
	switchF    int
	mergeF     int
	minF       int
	childPitch float64
}

func newSegmenter(cfg Config) *segmenter {
	return &segmenter{cfg: cfg, switchF: msToFrames(cfg.SwitchMs), mergeF: msToFrames(cfg.MergeGapMs),
		minF: msToFrames(cfg.MinUtteranceMs), childPitch: cfg.ChildPitchHz}
}

func (s *segmenter) classOf(hz float64) Speaker {
	if hz >= s.childPitch {
		return Child
	}
	return Adult
}

// add takes frame number f.
func (s *segmenter) add(f int, fr frame) {
	if s.cur != nil && f-s.cur.end >= s.mergeF {
		s.close()
	}
	if !fr.speech {
		return
	}
	c := s.classOf(fr.pitchHz)
	if s.cur == nil {
		s.cur = &open{start: f, class: c}
		s.cur.add(f, fr)
		s.lastSame = f
		return
	}
	if c == s.cur.class {
		s.cur.add(f, fr)
		s.lastSame, s.other = f, nil
		return
	}
	if s.other == nil {
		s.other = &open{start: f, class: c}
	}
	s.other.add(f, fr)
	if s.other.voiced < s.switchF {
		return
	}
	s.cur.end = s.lastSame + 1
	s.close()
	s.cur, s.other, s.lastSame = s.other, nil, f
}

// close ends the open utterance, keeping it when long enough.
func (s *segmenter) close() {
	o := s.cur
	s.cur, s.other = nil, nil
	if o == nil || o.end-o.start < s.minF || o.voiced == 0 {
		return
	}
	s.done = append(s.done, Utterance{Speaker: o.class, StartMs: o.start * FrameMs, EndMs: o.end * FrameMs,
		PitchHz: o.median(), Tilt: o.tiltSum / float64(o.voiced)})
}
