package media

import (
	"context"
	"math"
	"slices"
	"testing"
)

// The frame table has one strictly increasing entry per decoded picture.
func TestFrameTableCountsEveryPicture(t *testing.T) {
	for _, source := range []string{"h264_aac.mp4", "hevc10.mov", "rot90.mp4", "vp8_opus.webm", "editlist.mp4"} {
		path := fixture(t, source)
		table, err := FrameTable(context.Background(), path)
		if err != nil {
			t.Fatalf("%s: %v", source, err)
		}
		decoded := len(framemd5(t, path))
		if len(table) != decoded || !strictlyIncreasing(table) {
			t.Errorf("%s: %d times (increasing: %v) for %d decoded pictures", source, len(table), strictlyIncreasing(table), decoded)
		}
	}
}

// CFR: frame n at n/30 s, edit list applied (the cut file starts at 0 too).
func TestFrameTableCFR(t *testing.T) {
	for _, source := range []string{"h264_aac.mp4", "editlist.mp4"} {
		table, err := FrameTable(context.Background(), fixture(t, source))
		if err != nil {
			t.Fatal(err)
		}
		for n, got := range table {
			if want := int64(math.Round(float64(n) * 1e6 / 30)); abs(got-want) > 1 {
				t.Fatalf("%s: frame %d at %d µs, want %d", source, n, got, want)
			}
		}
	}
}

// VFR: the exact times setpts gave, N/30 + 10 ms × (N mod 3).
func TestFrameTableVFR(t *testing.T) {
	for _, source := range []string{"vfr_h264.mp4", "vfr_hevc.mov"} {
		table, err := FrameTable(context.Background(), fixture(t, source))
		if err != nil || len(table) != 60 {
			t.Fatalf("%s: %d frames, %v", source, len(table), err)
		}
		for n, got := range table {
			ticks := int64(3000*n + 900*(n%3)) // 1/90000 s
			if want := (ticks*1_000_000 + 45_000) / 90_000; got != want {
				t.Fatalf("%s: frame %d at %d µs, want %d", source, n, got, want)
			}
		}
	}
}

func TestKeyframes(t *testing.T) {
	keys, err := Keyframes(context.Background(), fixture(t, "h264_aac.mp4"))
	want := []int64{0, 500000, 1000000, 1500000} // -g 15 at 30 fps
	if err != nil || !slices.Equal(keys, want) {
		t.Errorf("Keyframes = %v, %v; want %v", keys, err, want)
	}
}

func TestTimeBaseMicros(t *testing.T) {
	tests := []struct {
		tb    timeBase
		ticks int64
		want  int64
	}{
		{timeBase{1, 30}, 1, 33333},
		{timeBase{1, 30}, 2, 66667},
		{timeBase{1001, 30000}, 3, 100100},
		{timeBase{1, 90000}, -3000, -33333},
		{timeBase{1, 1 << 40}, 4 * 3600 << 40, 4 * 3600 * 1_000_000},
	}
	for _, tt := range tests {
		if got := tt.tb.micros(tt.ticks); got != tt.want {
			t.Errorf("%v.micros(%d) = %d, want %d", tt.tb, tt.ticks, got, tt.want)
		}
	}
}

func strictlyIncreasing(xs []int64) bool {
	for i := 1; i < len(xs); i++ {
		if xs[i] <= xs[i-1] {
			return false
		}
	}
	return true
}

func abs(x int64) int64 { return max(x, -x) }
