package turns

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Result is everything the moment finder found in one recording.
type Result struct {
	DurationMs       int          `json:"duration_ms"`
	Utterances       []Utterance  `json:"utterances"`
	Turns            []Turn       `json:"turns"`
	TurnsPerMinute   float64      `json:"turns_per_minute"`
	Initiatives      int          `json:"child_initiatives"`
	Answered         int          `json:"child_initiatives_answered"`
	Suggestions      []Suggestion `json:"suggestions"`
	SplitHz          float64      `json:"split_hz"`
	ContingentRanges [2]int       `json:"response_window_ms"`
}

// AnsweredShare is the share of the child's initiatives answered within
// the response window, 0 when there were none.
func (r Result) AnsweredShare() float64 {
	if r.Initiatives == 0 {
		return 0
	}
	return float64(r.Answered) / float64(r.Initiatives)
}

// Analyzer reads 16 kHz mono s16le PCM through Write, frame by frame.
type Analyzer struct {
	cfg     Config
	ex      *extractor
	seg     *segmenter
	buf     []int16
	odd     []byte
	frames  int
	samples int64
}

// NewAnalyzer starts an analysis with cfg.
func NewAnalyzer(cfg Config) *Analyzer {
	return &Analyzer{cfg: cfg, ex: newExtractor(cfg), seg: newSegmenter(cfg), buf: make([]int16, 0, FrameSamples)}
}

// Write takes the next bytes of PCM; a sample split across writes is joined.
func (a *Analyzer) Write(p []byte) (int, error) {
	n := len(p)
	if len(a.odd) == 1 && len(p) > 0 {
		a.push(int16(binary.LittleEndian.Uint16([]byte{a.odd[0], p[0]})))
		a.odd, p = a.odd[:0], p[1:]
	}
	for ; len(p) >= 2; p = p[2:] {
		a.push(int16(binary.LittleEndian.Uint16(p)))
	}
	a.odd = append(a.odd, p...)
	return n, nil
}

func (a *Analyzer) push(s int16) {
	a.buf = append(a.buf, s)
	a.samples++
	if len(a.buf) == FrameSamples {
		a.seg.add(a.frames, a.ex.next(a.buf))
		a.frames++
		a.buf = a.buf[:0]
	}
}

// Processed is how much sound has been read so far, in milliseconds.
func (a *Analyzer) Processed() int64 { return a.samples * 1000 / SampleRate }

// Finish closes the last utterance and finds the turns and suggestions.
func (a *Analyzer) Finish() Result {
	a.seg.close()
	split := splitFor(a.cfg, a.seg.done)
	r := Summarise(a.cfg, label(a.cfg, a.seg.done), int(a.Processed()))
	r.SplitHz = split
	return r
}

// Summarise finds turns, initiatives and suggestions in utterances whose
// speakers are known, in time order.
func Summarise(cfg Config, us []Utterance, durationMs int) Result {
	convs := conversations(cfg, us)
	r := Result{DurationMs: durationMs, Utterances: us, Turns: findTurns(convs),
		ContingentRanges: [2]int{cfg.ResponseMinMs, cfg.ResponseMaxMs}}
	ins := initiatives(cfg, convs)
	r.Initiatives = len(ins)
	for _, in := range ins {
		if in.Answered {
			r.Answered++
		}
	}
	r.Suggestions = suggestions(cfg, convs, ins, durationMs)
	if durationMs > 0 {
		r.TurnsPerMinute = float64(len(r.Turns)) / (float64(durationMs) / 60000)
	}
	if r.Utterances == nil {
		r.Utterances = []Utterance{}
	}
	return r
}

// Analyze reads PCM from r to its end.
func Analyze(r io.Reader, cfg Config) (Result, error) {
	a := NewAnalyzer(cfg)
	if _, err := io.Copy(a, r); err != nil && !errors.Is(err, io.EOF) {
		return Result{}, fmt.Errorf("turns: read the sound: %w", err)
	}
	return a.Finish(), nil
}

// Timeline is what is kept of a recording's analysis: who spoke when, the
// turns, the pitch split and the response window used.
type Timeline struct {
	Utterances []Utterance `json:"utterances"`
	Turns      []Turn      `json:"turns"`
	SplitHz    float64     `json:"split_hz"`
	WindowMs   [2]int      `json:"response_window_ms"`
}
