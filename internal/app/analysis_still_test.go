package app_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
)

// TestStillIsTheExactFrame uploads a generated film (every frame different,
// B-frames, so decode order is not presentation order), has it processed,
// takes stills of the first, a middle and the last frame, and compares each
// with ffmpeg's own decode of that frame of the original: they must match
// (PSNR ≥ 40 dB), and must not match the neighbouring frame.
func TestStillIsTheExactFrame(t *testing.T) {
	t.Parallel()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3",
		"-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "25", "-pix_fmt", "yuv420p")
	orig := filepath.Join(t.TempDir(), "orig.mp4")
	if err := os.WriteFile(orig, video, 0o600); err != nil {
		t.Fatal(err)
	}
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		cl, caseID := newCaseClient(t, in)
		var rec map[string]any
		if s := cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "play.mp4", "size": len(video)}, &rec); s != 201 {
			t.Fatalf("create: %d %v", s, rec)
		}
		id := rec["id"].(string)
		cl.tusUpload(rec["upload_url"].(string), video, 1<<20)
		if done := cl.waitFor(id); done["status"] != "ready" || done["frame_count"].(float64) != 75 {
			t.Fatalf("processing: %v", done)
		}
		for _, n := range []int{0, 37, 74} {
			var st map[string]any
			if s := cl.json("POST", "/api/v1/recordings/"+id+"/stills", map[string]any{"frame": n, "caption": "a moment"}, &st); s != 201 || st["status"] != "processing" {
				t.Fatalf("still %d: %d %v", n, s, st)
			}
			got := cl.stillImage(st["id"].(string))
			if b := got.Bounds(); b.Dx() != 320 || b.Dy() != 240 {
				t.Fatalf("still %d is %v, want full resolution 320x240", n, b)
			}
			if p := psnr(got, ffmpegFrame(t, orig, n)); p < 40 {
				t.Errorf("still of frame %d: PSNR %.1f dB against ffmpeg's frame %d, want ≥ 40", n, p, n)
			}
			other := n + 1
			if n == 74 {
				other = 73
			}
			if p := psnr(got, ffmpegFrame(t, orig, other)); p >= 40 {
				t.Errorf("still of frame %d matches frame %d too (%.1f dB): the comparison can't tell frames apart", n, other, p)
			}
		}
		res := cl.do("GET", "/api/v1/cases/"+caseID+"/letter", nil, nil)
		pdf, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) || bytes.Count(pdf, []byte("/Subtype /Image")) != 3 {
			t.Fatalf("closing letter: %d, %d images, want the 3 stills", res.StatusCode, bytes.Count(pdf, []byte("/Subtype /Image")))
		}
	})
}

// stillImage waits for a still to be ready and reads its PNG.
func (a api) stillImage(id string) image.Image {
	a.t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var st map[string]any
		a.json("GET", "/api/v1/stills/"+id, nil, &st)
		if st["status"] == "ready" {
			break
		}
		if st["status"] == "failed" || time.Now().After(deadline) {
			a.t.Fatalf("still %s: %v", id, st)
		}
	}
	res := a.do("GET", "/api/v1/stills/"+id+"/image", nil, nil)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
		a.t.Fatalf("image: %d %s", res.StatusCode, b)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		a.t.Fatal(err)
	}
	return img
}

// ffmpegFrame is ffmpeg's decode of frame n (in presentation order).
func ffmpegFrame(t *testing.T, in string, n int) image.Image {
	out := filepath.Join(t.TempDir(), fmt.Sprintf("ref%d.png", n))
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", in,
		"-vf", fmt.Sprintf(`select=eq(n\,%d)`, n), "-frames:v", "1", "-f", "image2", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, b)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// psnr compares two images of the same size over R, G and B (8 bit); +Inf
// when identical, 0 when the sizes differ.
func psnr(a, b image.Image) float64 {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 0
	}
	var sum float64
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			for _, d := range []float64{float64(r1>>8) - float64(r2>>8), float64(g1>>8) - float64(g2>>8), float64(b1>>8) - float64(b2>>8)} {
				sum += d * d
			}
		}
	}
	mse := sum / float64(3*ab.Dx()*ab.Dy())
	if mse == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/mse)
}
