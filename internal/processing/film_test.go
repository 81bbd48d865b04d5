package processing

import (
	"testing"

	"github.com/attune-vig/attune/internal/media"
)

func TestSegmentHashKeysWhatASegmentShows(t *testing.T) {
	base := segmentSpec{Kind: "clip", Speed: 1, Text: "You waited", Source: "clip c1 of recording r1, frames 10-40"}
	f := media.FilmFormat{Width: 320, Height: 240, FrameRate: "25/1", SampleRate: 48000}
	h := segmentHash(base, f)
	if segmentHash(base, f) != h {
		t.Fatal("the same segment hashes differently")
	}
	changed := map[string]segmentSpec{
		"caption": {Kind: "clip", Speed: 1, Text: "You took turns", Source: base.Source},
		"speed":   {Kind: "clip", Speed: 0.5, Text: base.Text, Source: base.Source},
		"trim":    {Kind: "clip", Speed: 1, Text: base.Text, Source: "clip c1 of recording r1, frames 11-40"},
	}
	for what, s := range changed {
		if segmentHash(s, f) == h {
			t.Errorf("a changed %s keeps the cached segment", what)
		}
	}
	other := f
	other.FrameRate = "30/1"
	if segmentHash(base, other) == h {
		t.Error("another format keeps the cached segment")
	}
}

func TestWeightedBarCoversTheRender(t *testing.T) {
	var got []float64
	b := newWeightedBar(func(v float64) { got = append(got, v) }, []segmentPlan{{weight: 3}, {weight: 1}})
	b.part(0)(1)
	b.part(1)(0.5)
	b.part(1)(1)
	want := []float64{0.675, 0.7875, 0.9}
	for i, w := range want {
		if d := got[i] - w; d > 1e-9 || d < -1e-9 {
			t.Fatalf("progress %v, want %v (the join is the last tenth)", got, want)
		}
	}
}
