package media

import (
	"context"
	"encoding/binary"
	"strconv"
	"time"
)

// Waveform sampling: audio is decoded to mono 16-bit at waveformRate; one
// min/max pair is kept per bucket of at least minBucket samples (50 per
// second), fewer for long films so there are at most maxPeakPairs.
const (
	waveformRate    = 8000
	minBucket       = waveformRate / 50
	maxPeakPairs    = 30000
	waveformTimeout = 10 * time.Minute
)

// Waveform is the loudness outline of the first audio stream: Peaks holds a
// min and a max sample (-32768..32767) for each bucket of SamplesPerPeak
// samples at SampleRate, in time order. A film without audio has no peaks.
type Waveform struct {
	SampleRate     int     `json:"sample_rate"`
	SamplesPerPeak int     `json:"samples_per_peak"`
	Peaks          []int16 `json:"peaks"`
}

// MakeWaveform computes the waveform of in's first audio stream.
func MakeWaveform(ctx context.Context, in string, info *Info) (*Waveform, error) {
	return Tools{}.Waveform(ctx, in, info)
}

// Waveform: see MakeWaveform.
func (t Tools) Waveform(ctx context.Context, in string, info *Info) (*Waveform, error) {
	bucket := max(minBucket, int(info.Duration.Seconds()*waveformRate/maxPeakPairs)+1)
	w := &Waveform{SampleRate: waveformRate, SamplesPerPeak: bucket, Peaks: []int16{}}
	if !info.HasAudio {
		return w, nil
	}
	demuxer, err := sniff(in)
	if err != nil {
		return nil, err
	}
	args := append(t.ffmpegInput(demuxer, in), "-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1",
		"-ac", "1", "-ar", strconv.Itoa(waveformRate), "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1")
	acc := &peakWriter{bucket: bucket}
	if err := t.run(ctx, "ffmpeg", waveformTimeout, args, acc); err != nil {
		return nil, err
	}
	w.Peaks = acc.finish()
	return w, nil
}

// peakWriter folds a stream of little-endian s16 samples into min/max pairs.
type peakWriter struct {
	bucket int
	n      int // samples in the current bucket
	lo, hi int16
	odd    []byte // a sample split across writes
	peaks  []int16
}

func (p *peakWriter) Write(b []byte) (int, error) {
	total := len(b)
	if len(p.odd) == 1 && len(b) > 0 {
		p.add(int16(binary.LittleEndian.Uint16([]byte{p.odd[0], b[0]})))
		p.odd, b = p.odd[:0], b[1:]
	}
	for ; len(b) >= 2; b = b[2:] {
		p.add(int16(binary.LittleEndian.Uint16(b)))
	}
	p.odd = append(p.odd, b...)
	return total, nil
}

func (p *peakWriter) add(s int16) {
	if p.n == 0 || s < p.lo {
		p.lo = s
	}
	if p.n == 0 || s > p.hi {
		p.hi = s
	}
	p.n++
	if p.n == p.bucket {
		p.peaks, p.n = append(p.peaks, p.lo, p.hi), 0
	}
}

// finish closes the last, partial bucket.
func (p *peakWriter) finish() []int16 {
	if p.n > 0 {
		p.peaks, p.n = append(p.peaks, p.lo, p.hi), 0
	}
	if p.peaks == nil {
		return []int16{}
	}
	return p.peaks
}
