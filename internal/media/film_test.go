package media

import (
	"context"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A film of a title card, a clip as it is, a captioned still and a slowed,
// captioned clip: every segment has the film's format and its length, the
// unchanged clip is remuxed (its packets are the clip's own), and the
// joined film decodes cleanly with sound in step.
func TestFilmSegmentsJoin(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	font, err := filepath.Abs("../lifecycle/fonts/DejaVuSans.ttf")
	if err != nil {
		t.Fatal(err)
	}
	src := fixture(t, "gop2s_h264.mp4")
	frames, err := FrameTable(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	clip := filepath.Join(dir, "clip.mp4")
	if _, err := (Tools{}).ClipCut(ctx, ClipSource{Path: src}, frames, 45, 104, clip, nil); err != nil {
		t.Fatal(err)
	}
	still := filepath.Join(dir, "still.png")
	if err := Still(ctx, src, frames[30], still); err != nil {
		t.Fatal(err)
	}
	f, err := FilmFormatOf(ctx, clip)
	if err != nil {
		t.Fatal(err)
	}
	if f != (FilmFormat{Width: 320, Height: 240, FrameRate: "30/1", SampleRate: 48000}) {
		t.Fatalf("film format %+v", f)
	}
	segs := []struct {
		seg    FilmSegment
		frames int
	}{
		{FilmSegment{Kind: SegmentTitle, Text: "Playing with the blocks — a long title that wraps onto more lines", Seconds: 2}, 60},
		{FilmSegment{Kind: SegmentClip, Path: clip, Speed: 1}, 60},
		{FilmSegment{Kind: SegmentStill, Path: still, Text: "You waited, and she showed you the block", Seconds: 1.5}, 45},
		{FilmSegment{Kind: SegmentClip, Path: clip, Speed: 0.5, Text: "Look at her face"}, 120},
	}
	var paths []string
	total := 0
	for i, s := range segs {
		out := filepath.Join(dir, "seg"+string(rune('0'+i))+".mp4")
		var bar []float64
		if err := RenderSegment(ctx, s.seg, f, font, out, func(p float64) { bar = append(bar, p) }); err != nil {
			t.Fatalf("segment %d (%s): %v", i, s.seg.Kind, err)
		}
		if n := countFrames(t, out); n != s.frames {
			t.Errorf("segment %d (%s) has %d frames, want %d", i, s.seg.Kind, n, s.frames)
		}
		if got, err := FilmFormatOf(ctx, out); err != nil || got != f {
			t.Errorf("segment %d (%s) has format %+v (%v), want %+v", i, s.seg.Kind, got, err, f)
		}
		if len(bar) == 0 || bar[len(bar)-1] != 1 {
			t.Errorf("segment %d progress %v, want it to end at 1", i, bar)
		}
		paths, total = append(paths, out), total+s.frames
	}
	if a, b := packetHashes(t, clip), packetHashes(t, paths[1]); !slices.Equal(a, b) {
		t.Errorf("the clip at speed 1 without caption was re-encoded (%d packets vs %d, differing)", len(a), len(b))
	}
	film := filepath.Join(dir, "film.mp4")
	if err := JoinSegments(ctx, paths, film); err != nil {
		t.Fatal(err)
	}
	if n := countFrames(t, film); n != total {
		t.Errorf("film has %d frames, want %d", n, total)
	}
	if msg := decodeErrors(t, film); msg != "" {
		t.Errorf("film does not decode cleanly: %s", msg)
	}
	v, a := streamDuration(t, film, "v:0"), streamDuration(t, film, "a:0")
	if math.Abs(v-a) > 1.0/30 {
		t.Errorf("film sound lasts %.3f s, picture %.3f s", a, v)
	}
	if tags := formatTags(t, film); strings.Contains(tags, "location") || strings.Contains(tags, "rotation") {
		t.Errorf("film keeps metadata:\n%s", tags)
	}
}

// Bad segments are refused with a reason.
func TestFilmSegmentRefused(t *testing.T) {
	dir := t.TempDir()
	font, _ := filepath.Abs("../lifecycle/fonts/DejaVuSans.ttf")
	for _, seg := range []FilmSegment{
		{Kind: SegmentTitle, Text: "x", Seconds: 0},
		{Kind: SegmentStill, Path: font, Seconds: 10_000},
		{Kind: SegmentStill, Path: font, Seconds: 2},
		{Kind: "poster", Seconds: 2},
	} {
		if err := RenderSegment(context.Background(), seg, DefaultFilmFormat, font, filepath.Join(dir, "s.mp4"), nil); err == nil {
			t.Errorf("%+v was rendered", seg)
		}
	}
	if err := RenderSegment(context.Background(), FilmSegment{Kind: SegmentTitle, Text: "x", Seconds: 1}, FilmFormat{Width: 321, Height: 240, FrameRate: "30/1", SampleRate: 48000}, font, filepath.Join(dir, "s.mp4"), nil); err == nil {
		t.Error("an odd film width was accepted")
	}
}

func TestWrap(t *testing.T) {
	cases := []struct {
		text string
		n    int
		want []string
	}{
		{"You waited, and she showed you the block", 16, []string{"You waited, and", "she showed you", "the block"}},
		{"line one\nline two", 40, []string{"line one", "line two"}},
		{"abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"", 10, []string{""}},
		{"a b c d e f g h", 1, []string{"a", "b", "c", "d", "e", "f …"}},
	}
	for _, c := range cases {
		if got := wrap(c.text, c.n); !slices.Equal(got, c.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.text, c.n, got, c.want)
		}
	}
}

// packetHashes lists the MD5 of every video packet, without decoding.
func packetHashes(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-nostdin", "-i", path, "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for line := range strings.Lines(string(out)) {
		if fields := strings.Split(line, ","); !strings.HasPrefix(line, "#") && len(fields) == 6 {
			hashes = append(hashes, strings.TrimSpace(fields[5]))
		}
	}
	return hashes
}
