package media

import (
	"context"
	"fmt"
	"image"
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func init() {
	gop := []string{"-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-bf", "3"}
	sources["gop2s_h264.mp4"] = append([]string{"-f", "lavfi", "-i", lavfiVideo, "-f", "lavfi", "-i", lavfiAudio, "-t", "8",
		"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac"}, gop...)
	sources["gop2s_silent.mp4"] = append([]string{"-f", "lavfi", "-i", lavfiVideo, "-t", "8",
		"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"}, gop...)
	sources["vfr_gop_h264.mp4"] = vfr("libx264", "-preset", "veryfast", "-g", "15", "-bf", "3")
}

// Every path of ClipCut gives exactly the frames asked for: the first and
// last pictures are those frames of the source, the count is exact, the
// sound as long as the picture, and the whole file decodes cleanly.
func TestClipCut(t *testing.T) {
	cases := []struct {
		source      string
		first, last int
		smart       bool
	}{
		{"gop2s_h264.mp4", 45, 200, true},   // mid-GOP start, B-frames, tail re-encoded or copied
		{"gop2s_h264.mp4", 65, 100, false},  // next keyframe (120) is past the end
		{"gop2s_h264.mp4", 60, 179, true},   // exactly whole GOPs: all copied
		{"gop2s_silent.mp4", 10, 130, true}, // no sound
		{"vfr_gop_h264.mp4", 7, 50, true},   // variable frame rate
		{"hevc8.mov", 10, 40, false},
		{"vp9_opus.webm", 5, 50, false},
		{"rot90.mp4", 3, 40, false},       // rotation is applied, so re-encoded
		{"h264_silent.mp4", 5, 50, false}, // one GOP: no keyframe inside
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s_%d_%d", tc.source, tc.first, tc.last), func(t *testing.T) {
			in := fixture(t, tc.source)
			frames, err := FrameTable(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "clip.mp4")
			var bar []float64
			res, err := Tools{}.ClipCut(context.Background(), ClipSource{Path: in}, frames, tc.first, tc.last, out,
				func(f float64) { bar = append(bar, f) })
			if err != nil {
				t.Fatal(err)
			}
			if res.Smart != tc.smart {
				t.Errorf("smart cut = %v (%+v), want %v", res.Smart, res, tc.smart)
			}
			if len(bar) == 0 || bar[len(bar)-1] < 0.99 {
				t.Errorf("progress went %v, want it to reach 1", bar)
			}
			checkClip(t, in, out, tc.first, tc.last)
		})
	}
}

// checkClip asserts the clip out holds exactly frames first..last of in.
func checkClip(t *testing.T, in, out string, first, last int) {
	t.Helper()
	if n := countFrames(t, out); n != last-first+1 {
		t.Errorf("clip has %d frames, want %d", n, last-first+1)
	}
	if msg := decodeErrors(t, out); msg != "" {
		t.Errorf("clip does not decode cleanly: %s", msg)
	}
	refs := selectFrames(t, in, first, last)
	got := selectFrames(t, out, 0, last-first)
	for i, name := range []string{"first", "last"} {
		if p := imagePSNR(refs[i], got[i]); p < 40 {
			t.Errorf("%s frame: PSNR %.1f dB against the source's frame, want ≥ 40", name, p)
		}
	}
	v, a := streamDuration(t, out, "v:0"), streamDuration(t, out, "a:0")
	if hasAudio(t, in) && math.Abs(v-a) > frameSeconds(t, out) {
		t.Errorf("sound lasts %.3f s, picture %.3f s: more than a frame apart", a, v)
	}
	if tags := formatTags(t, out); strings.Contains(tags, "location") || strings.Contains(tags, "rotation") {
		t.Errorf("clip keeps metadata or rotation:\n%s", tags)
	}
}

func countFrames(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

// decodeErrors is what ffmpeg says while decoding the whole file ("" if
// nothing). Frames pass through as they are: the null muxer's default
// constant rate and time base would complain about any variable-frame-rate file, even
// the source.
func decodeErrors(t *testing.T, path string) string {
	t.Helper()
	out, _ := exec.Command("ffmpeg", "-v", "error", "-nostdin", "-i", path, "-map", "0", "-fps_mode", "passthrough", "-enc_time_base", "-1",
		"-f", "null", "-").CombinedOutput()
	return strings.TrimSpace(string(out))
}

// selectFrames decodes pictures a and b (by decoding order of presentation) as images.
func selectFrames(t *testing.T, in string, a, b int) []image.Image {
	t.Helper()
	pattern := filepath.Join(t.TempDir(), "f%d.png")
	if err := ffmpegTest("-i", in, "-map", "0:v:0", "-vf", fmt.Sprintf("select=eq(n\\,%d)+eq(n\\,%d)", a, b),
		"-fps_mode", "passthrough", pattern); err != nil {
		t.Fatal(err)
	}
	first := readPNG(t, fmt.Sprintf(pattern, 1))
	if a == b {
		return []image.Image{first, first}
	}
	return []image.Image{first, readPNG(t, fmt.Sprintf(pattern, 2))}
}

func streamDuration(t *testing.T, path, stream string) float64 {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", stream,
		"-show_entries", "stream=duration", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	return d
}

func hasAudio(t *testing.T, path string) bool {
	t.Helper()
	info, err := Probe(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return info.HasAudio
}

// frameSeconds is the clip's average frame duration.
func frameSeconds(t *testing.T, path string) float64 {
	t.Helper()
	info, err := Probe(context.Background(), path)
	if err != nil || info.FPS <= 0 {
		t.Fatalf("probe %s: %v", path, err)
	}
	return 1 / info.FPS
}
