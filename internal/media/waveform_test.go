package media

import (
	"context"
	"slices"
	"testing"
)

// A 2 s, 440 Hz tone at lavfi's amplitude 1/8 gives 100 buckets swinging to
// about ±4096; a silent film gives no peaks.
func TestWaveform(t *testing.T) {
	tests := []struct {
		source string
		pairs  int
	}{{"h264_aac.mp4", 100}, {"h264_silent.mp4", 0}}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			in := fixture(t, tt.source)
			info, err := Probe(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			w, err := MakeWaveform(context.Background(), in, info)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(w.Peaks) / 2; got < tt.pairs || got > tt.pairs+2 || w.Peaks == nil {
				t.Fatalf("%d peak pairs, want about %d", got, tt.pairs)
			}
			if tt.pairs == 0 {
				return
			}
			if hi, lo := slices.Max(w.Peaks), slices.Min(w.Peaks); hi < 3000 || hi > 5000 || lo > -3000 {
				t.Errorf("peaks range %d..%d, want about ±4096", lo, hi)
			}
		})
	}
}

// Samples split across writes are joined, and buckets close at their size.
func TestPeakWriterSplitSamples(t *testing.T) {
	p := &peakWriter{bucket: 2}
	stream := []byte{0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f, 0x05, 0x00} // 1, -1, -32768, 32767, 5
	for _, b := range stream {
		p.Write([]byte{b})
	}
	if got, want := p.finish(), []int16{-1, 1, -32768, 32767, 5, 5}; !slices.Equal(got, want) {
		t.Fatalf("peaks %v, want %v", got, want)
	}
}
