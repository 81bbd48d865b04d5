package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCaseUnwrapCost (ATTUNE_BENCH=1): unwrapping a case-wrapped key reads
// and unseals its case key from the folder on every call, so that an
// erasure on another server takes effect at once. Target: it costs less
// than decrypting 1 MiB of a file, which every Range request does anyway.
// Reported as ratios to a master-wrapped unwrap and to that 1 MiB read.
func TestCaseUnwrapCost(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("set ATTUNE_BENCH=1 to measure")
	}
	kr := newKeyRing()
	ck, err := OpenCaseKeys(filepath.Join(t.TempDir(), "case-keys"))
	if err != nil {
		t.Fatal(err)
	}
	kr.UseCaseKeys(ck)
	v1, _ := kr.Wrap(NewFileKey())
	v2, _ := kr.WrapFor(Scope{"c1", PurposeFootage}, NewFileKey())
	unwrap := func(w []byte) func(*testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				if _, err := kr.Unwrap(w); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	key := NewFileKey()
	enc := encrypt(t, testPlain(4<<20, 5), key, "bench", 1<<20)
	r, err := NewReader(bytes.NewReader(enc), int64(len(enc)), key, "bench")
	if err != nil {
		t.Fatal(err)
	}
	p := make([]byte, 1<<20)
	read := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			if _, err := r.ReadAt(p, 1<<20); err != nil {
				b.Fatal(err)
			}
		}
	})
	master, cased := testing.Benchmark(unwrap(v1)), testing.Benchmark(unwrap(v2))
	t.Logf("unwrap: master-wrapped %d ns, case-wrapped %d ns (%.1fx); 1 MiB read %d ns (case unwrap = %.3f of it)",
		master.NsPerOp(), cased.NsPerOp(), float64(cased.NsPerOp())/float64(master.NsPerOp()),
		read.NsPerOp(), float64(cased.NsPerOp())/float64(read.NsPerOp()))
	if cased.NsPerOp() >= read.NsPerOp() {
		t.Fatalf("a case-wrapped unwrap costs more than decrypting 1 MiB")
	}
}
