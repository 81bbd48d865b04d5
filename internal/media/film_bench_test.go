package media

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchFilm (ATTUNE_BENCH=1) times rendering a film of 3 exported
// 10-second 1080p30 clips, 3 captioned stills (3 s) and 2 title cards
// (3 s) — segments rendered to one format, clips remuxed, joined without
// re-encoding — against one ffmpeg filter-graph re-encode of the same film.
func TestBenchFilm(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") == "" {
		t.Skip("set ATTUNE_BENCH=1 to run the film benchmark")
	}
	ctx := context.Background()
	src := benchSource(t, "h264.mp4", []string{"-c:v", "libx264", "-preset", "superfast", "-bf", "3",
		"-g", "60", "-keyint_min", "60", "-sc_threshold", "0"})
	frames, err := FrameTable(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	font, _ := filepath.Abs("../lifecycle/fonts/DejaVuSans.ttf")
	var segs []FilmSegment
	for i := range 3 {
		first := len(frames)*(i+1)/4 + 15
		clip, still := filepath.Join(dir, fmt.Sprintf("clip%d.mp4", i)), filepath.Join(dir, fmt.Sprintf("still%d.png", i))
		if _, err := (Tools{}).ClipCut(ctx, ClipSource{Path: src}, frames, first, first+299, clip, nil); err != nil {
			t.Fatal(err)
		}
		if err := Still(ctx, src, frames[first+100], still); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			segs = append(segs, FilmSegment{Kind: SegmentTitle, Text: "Playing together — our film", Seconds: 3})
		}
		segs = append(segs, FilmSegment{Kind: SegmentClip, Path: clip, Speed: 1},
			FilmSegment{Kind: SegmentStill, Path: still, Text: "You waited, and she showed you the block", Seconds: 3})
		if i == 1 {
			segs = append(segs, FilmSegment{Kind: SegmentTitle, Text: "What do you see?", Seconds: 3})
		}
	}
	f, err := FilmFormatOf(ctx, segs[1].Path)
	if err != nil {
		t.Fatal(err)
	}
	ours, base := race(t, 2, func() error {
		var parts []string
		for i, s := range segs {
			out := filepath.Join(dir, fmt.Sprintf("seg%d.mp4", i))
			if err := RenderSegment(ctx, s, f, font, out, nil); err != nil {
				return err
			}
			parts = append(parts, out)
		}
		return JoinSegments(ctx, parts, filepath.Join(dir, "film.mp4"))
	}, func() error { return filterGraphFilm(t, segs, f, font, dir) })
	// Both must hold every frame of the parts. (The baseline's concat
	// filter may add a frame or two where a clip's sound outlasts its
	// picture by part of a frame: it waits for the longer stream.)
	want := 0
	for _, s := range segs {
		if s.Kind == SegmentClip {
			want += countFrames(t, s.Path)
		} else {
			want += int(math.Round(s.Seconds * rate(f.FrameRate)))
		}
	}
	if n := countFrames(t, filepath.Join(dir, "film.mp4")); n != want {
		t.Errorf("our film has %d frames, its parts %d", n, want)
	}
	if n := countFrames(t, filepath.Join(dir, "baseline.mp4")); n < want || n > want+len(segs) {
		t.Errorf("the baseline film has %d frames, its parts %d", n, want)
	}
	report("film render (3 clips, 3 stills, 2 titles, 1080p30)", ours, base, 0.35)
}

// filterGraphFilm renders the same film with one ffmpeg run: every part
// decoded, drawn, concatenated and encoded in a single filter graph.
func filterGraphFilm(t *testing.T, segs []FilmSegment, f FilmFormat, font, dir string) error {
	var args, graph []string
	var labels strings.Builder
	input := 0
	for i, s := range segs {
		r := &segmentJob{seg: s, f: f, font: font, work: filepath.Join(dir, fmt.Sprintf("g%d", i))}
		if err := os.MkdirAll(r.work, 0o700); err != nil {
			return err
		}
		caption, err := r.caption()
		if err != nil {
			return err
		}
		v, a := fmt.Sprintf("v%d", i), fmt.Sprintf("a%d", i)
		switch s.Kind {
		case SegmentClip:
			args = append(args, "-i", s.Path)
			graph = append(graph, fmt.Sprintf("[%d:v]%s[%s]", input, join("fps="+f.FrameRate, r.fit(), "format=yuv420p"), v),
				fmt.Sprintf("[%d:a]aresample=%d,aformat=channel_layouts=stereo[%s]", input, f.SampleRate, a))
			input++
		case SegmentStill, SegmentTitle:
			if s.Kind == SegmentStill {
				args = append(args, "-loop", "1", "-framerate", f.FrameRate, "-t", seconds3(s.Seconds), "-i", s.Path)
			} else {
				args = append(args, "-f", "lavfi", "-t", seconds3(s.Seconds), "-i",
					fmt.Sprintf("color=c=0x1b1f24:s=%dx%d:r=%s", f.Width, f.Height, f.FrameRate))
				size := f.Height / 14
				if caption, err = r.drawLines(s.Text, size, 0.8, func(i, n, lh int) string { return fmt.Sprintf("(h-%d)/2+%d", n*lh, i*lh) }); err != nil {
					return err
				}
			}
			args = append(args, "-f", "lavfi", "-t", seconds3(s.Seconds), "-i", fmt.Sprintf("anullsrc=r=%d:cl=stereo", f.SampleRate))
			graph = append(graph, fmt.Sprintf("[%d:v]%s[%s]", input, join(r.fit(), caption, "fps="+f.FrameRate, "format=yuv420p"), v),
				fmt.Sprintf("[%d:a]anull[%s]", input+1, a))
			input += 2
		}
		fmt.Fprintf(&labels, "[%s][%s]", v, a)
	}
	graph = append(graph, fmt.Sprintf("%sconcat=n=%d:v=1:a=1[v][a]", labels.String(), len(segs)))
	args = append(args, "-filter_complex", strings.Join(graph, ";"), "-map", "[v]", "-map", "[a]",
		"-c:v", "libx264", "-preset", "veryfast", "-crf", filmCRF, "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", filmAudioRate,
		"-movflags", "+faststart", filepath.Join(dir, "baseline.mp4"))
	return ffmpegTest(args...)
}
