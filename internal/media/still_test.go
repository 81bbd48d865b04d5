package media

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The still at a frame's time is that frame, decoded: the same picture as
// the Nth one ffmpeg decodes, unlike its neighbour, at display size.
func TestStill(t *testing.T) {
	for _, source := range []string{"h264_aac.mp4", "rot90.mp4", "vfr_hevc.mov", "vp9_opus.webm"} {
		t.Run(source, func(t *testing.T) {
			in := fixture(t, source)
			table, err := FrameTable(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			info, err := Probe(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			frames := []int{0, 16, 44, len(table) - 2}
			refs := decodeFrames(t, in, frames)
			for i, n := range frames {
				still := filepath.Join(t.TempDir(), "still.png")
				if err := Still(context.Background(), in, table[n], still); err != nil {
					t.Fatal(err)
				}
				img := readPNG(t, still)
				same, next := imagePSNR(img, refs[2*i]), imagePSNR(img, refs[2*i+1])
				if b := img.Bounds(); b.Dx() != info.DisplayWidth || b.Dy() != info.DisplayHeight {
					t.Errorf("still is %v, want %dx%d", b, info.DisplayWidth, info.DisplayHeight)
				}
				if same < 60 || next >= 40 {
					t.Errorf("frame %d: PSNR %.1f dB against it, %.1f dB against the next", n, same, next)
				}
			}
		})
	}
}

// decodeFrames decodes the whole stream once and returns frames n and n+1
// for each n, in order.
func decodeFrames(t *testing.T, in string, frames []int) []image.Image {
	t.Helper()
	var terms []string
	for _, n := range frames {
		terms = append(terms, fmt.Sprintf("eq(n\\,%d)+eq(n\\,%d)", n, n+1))
	}
	pattern := filepath.Join(t.TempDir(), "ref%03d.png")
	err := ffmpegTest("-i", in, "-map", "0:v:0", "-vf", "select="+strings.Join(terms, "+"),
		"-fps_mode", "passthrough", pattern)
	if err != nil {
		t.Fatal(err)
	}
	var imgs []image.Image
	for i := range 2 * len(frames) {
		imgs = append(imgs, readPNG(t, fmt.Sprintf(pattern, i+1)))
	}
	return imgs
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
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

// imagePSNR over R, G and B; +Inf when identical, 0 when sizes differ.
func imagePSNR(a, b image.Image) float64 {
	if a.Bounds() != b.Bounds() {
		return 0
	}
	var sum, count float64
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, d := range []float64{float64(r1) - float64(r2), float64(g1) - float64(g2), float64(b1) - float64(b2)} {
				sum += (d / 257) * (d / 257)
			}
			count += 3
		}
	}
	return 10 * math.Log10(255*255/(sum/count))
}
