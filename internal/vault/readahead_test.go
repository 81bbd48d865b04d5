package vault

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

func TestReadAheadMatchesPlaintext(t *testing.T) {
	plain := make([]byte, 5*ChunkSize+1234)
	for i := range plain {
		plain[i] = byte(rand.IntN(256))
	}
	var enc bytes.Buffer
	key := NewFileKey()
	w := NewWriter(&enc, key, "f")
	w.Write(plain)
	w.Close()
	r, err := NewReader(bytes.NewReader(enc.Bytes()), int64(enc.Len()), key, "f")
	if err != nil {
		t.Fatal(err)
	}
	a := r.ReadAhead(2 * ChunkSize)
	defer a.Close()
	cases := []struct {
		seek, n int64
	}{{0, int64(len(plain))}, {7, 100}, {int64(3*ChunkSize - 5), 40000}, {1, 1}, {int64(len(plain) - 10), 10}, {0, 3 * ChunkSize}}
	for _, c := range cases {
		if _, err := a.Seek(c.seek, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, c.n)
		if _, err := io.ReadFull(a, got); err != nil {
			t.Fatalf("read %d at %d: %v", c.n, c.seek, err)
		}
		if !bytes.Equal(got, plain[c.seek:c.seek+c.n]) {
			t.Fatalf("read %d at %d: wrong bytes", c.n, c.seek)
		}
	}
	if n, err := a.Read(make([]byte, 10)); n != 0 || err != io.EOF {
		if _, err2 := a.Seek(0, io.SeekEnd); err2 == nil {
			if n, err = a.Read(make([]byte, 10)); n != 0 || err != io.EOF {
				t.Fatalf("read at the end: %d %v", n, err)
			}
		}
	}
}
