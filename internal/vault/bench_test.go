package vault

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

const benchSize = 16 << 20

func BenchmarkWrite(b *testing.B) {
	plain := testPlain(benchSize, 1)
	key := NewFileKey()
	b.SetBytes(benchSize)
	for b.Loop() {
		w := NewWriter(io.Discard, key, "bench")
		if _, err := w.Write(plain); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadAt(b *testing.B) {
	key := NewFileKey()
	enc := encrypt(b, testPlain(benchSize, 2), key, "bench", 1<<20)
	r, err := NewReader(bytes.NewReader(enc), int64(len(enc)), key, "bench")
	if err != nil {
		b.Fatal(err)
	}
	p := make([]byte, 1<<20)
	rng := rand.New(rand.NewPCG(3, 4))
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		off := rng.Int64N(benchSize - int64(len(p)))
		if _, err := r.ReadAt(p, off); err != nil {
			b.Fatal(err)
		}
	}
}
