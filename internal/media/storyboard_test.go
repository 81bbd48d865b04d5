package media

import (
	"context"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// The sprite has one tile per keyframe (every tile a picture, none of the
// black padding), in a grid of the index's size, upright.
func TestStoryboard(t *testing.T) {
	for _, source := range []string{"h264_aac.mp4", "rot90.mp4", "hevc8.mov"} {
		t.Run(source, func(t *testing.T) {
			in := fixture(t, source)
			info, err := Probe(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			keys, err := Keyframes(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "sb.jpg")
			sb, err := MakeStoryboard(context.Background(), in, out, info)
			if err != nil {
				t.Fatal(err)
			}
			if len(sb.Tiles) != len(keys) || sb.Tiles[0] != keys[0] {
				t.Fatalf("index has tiles %v, keyframes are %v", sb.Tiles, keys)
			}
			if portrait := info.DisplayHeight > info.DisplayWidth; portrait != (sb.TileHeight > sb.TileWidth) {
				t.Errorf("tile %dx%d for a %dx%d picture", sb.TileWidth, sb.TileHeight, info.DisplayWidth, info.DisplayHeight)
			}
			img := readJPEG(t, out)
			if b := img.Bounds(); b.Dx() != sb.Columns*sb.TileWidth || b.Dy() != sb.Rows*sb.TileHeight {
				t.Fatalf("sprite is %v, index says %dx%d tiles of %dx%d", b, sb.Columns, sb.Rows, sb.TileWidth, sb.TileHeight)
			}
			for i := range sb.Tiles {
				x, y := i%sb.Columns*sb.TileWidth, i/sb.Columns*sb.TileHeight
				if l := meanLuma(img, image.Rect(x, y, x+sb.TileWidth, y+sb.TileHeight)); l < 20 {
					t.Errorf("tile %d is blank (mean luma %.1f): fewer keyframes decoded than indexed", i, l)
				}
			}
		})
	}
}

func readJPEG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}

func meanLuma(img image.Image, r image.Rectangle) float64 {
	var sum float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			sum += (0.299*float64(cr) + 0.587*float64(cg) + 0.114*float64(cb)) / 257
		}
	}
	return sum / float64(r.Dx()*r.Dy())
}
