package media

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// A damaged file must end in a clean rejection or a bounded, sane result:
// never a hang, a crash, or any other kind of error.
func TestDamagedFiles(t *testing.T) {
	for name, data := range damagedVariants(t) {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, name, data)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			info, err := Probe(ctx, path)
			assertCleanOrReject(t, "Probe", err)
			if err == nil {
				_, err = FrameTable(ctx, path)
				assertCleanOrReject(t, "FrameTable", err)
				if info.check() != nil {
					t.Errorf("Probe accepted %+v", info)
				}
			}
			if d := time.Since(start); d > 15*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func assertCleanOrReject(t *testing.T, what string, err error) {
	t.Helper()
	var rej *RejectError
	if err != nil && !errors.As(err, &rej) {
		t.Errorf("%s = %v, want success or a *RejectError", what, err)
	}
}

// damagedVariants truncates and bit-flips an MP4 with its moov at the end and
// one with it at the start.
func damagedVariants(t *testing.T) map[string][]byte {
	out := map[string][]byte{}
	for _, src := range []string{"h264_aac.mp4", "faststart.mp4"} {
		data, err := os.ReadFile(fixture(t, src))
		if err != nil {
			t.Fatal(err)
		}
		out["truncated30_"+src] = data[:len(data)*3/10]
		for seed := range uint64(4) {
			out["flip_moov_"+string(rune('a'+seed))+"_"+src] = flipIn(data, "moov", seed)
			out["flip_mdat_"+string(rune('a'+seed))+"_"+src] = flipIn(data, "mdat", seed)
		}
	}
	return out
}

// flipIn flips 16 random bytes inside the first box of the given type.
func flipIn(data []byte, box string, seed uint64) []byte {
	flipped := bytes.Clone(data)
	start := bytes.Index(data, []byte(box))
	size := int(data[start-4])<<24 | int(data[start-3])<<16 | int(data[start-2])<<8 | int(data[start-1])
	rng := rand.New(rand.NewPCG(seed, 42))
	for range 16 {
		i := start + 4 + rng.IntN(max(size-8, 1))
		flipped[i] ^= byte(1 + rng.IntN(255))
	}
	return flipped
}
