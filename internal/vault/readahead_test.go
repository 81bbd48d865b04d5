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

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}

// A Range request reads only the chunks its bytes are in (on an object
// store each read is a request), and reading on past its end still works.
func TestReadAheadWithinRange(t *testing.T) {
	plain := make([]byte, 40*ChunkSize)
	for i := range plain {
		plain[i] = byte(rand.IntN(256))
	}
	key := NewFileKey()
	enc := encrypt(t, plain, key, "f", len(plain))
	tests := []struct {
		name      string
		start, n  int64
		maxChunks int64
	}{
		{"inside one chunk", 10, 100, 1},
		{"across two chunks", 3*ChunkSize - 5, 40, 2},
		{"four chunks from mid-chunk", 7*ChunkSize + 100, 3 * ChunkSize, 4},
		{"to the end", int64(len(plain)) - 10, 10, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &countingReaderAt{r: bytes.NewReader(enc)}
			r, err := NewReader(src, int64(len(enc)), key, "f")
			if err != nil {
				t.Fatal(err)
			}
			before := src.n
			a := r.ReadAhead(16 * ChunkSize)
			defer a.Close()
			a.Within(tt.start + tt.n)
			a.Seek(tt.start, io.SeekStart)
			var got bytes.Buffer
			if _, err := a.CopyTo(&got, tt.n); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), plain[tt.start:tt.start+tt.n]) {
				t.Fatal("wrong bytes")
			}
			if read := src.n - before; read > tt.maxChunks*encChunkSize {
				t.Errorf("read %d bytes of the file for %d bytes asked; want at most %d chunks (%d bytes)", read, tt.n, tt.maxChunks, tt.maxChunks*encChunkSize)
			}
			if end := tt.start + tt.n; end < int64(len(plain)) {
				more := make([]byte, min(int64(len(plain))-end, 3*ChunkSize))
				if _, err := io.ReadFull(a, more); err != nil || !bytes.Equal(more, plain[end:end+int64(len(more))]) {
					t.Fatalf("reading on past the range: %v", err)
				}
			}
		})
	}
}

// Every read fetches the sealed bytes it needs in as few source reads as
// it can (one per 16 chunks), wherever it starts and ends, and returns the
// right bytes.
func TestReadAtFetchesSpansInOneRead(t *testing.T) {
	plain := make([]byte, 40*ChunkSize+777)
	for i := range plain {
		plain[i] = byte(rand.IntN(256))
	}
	key := NewFileKey()
	enc := encrypt(t, plain, key, "f", len(plain))
	src := &countingReaderAt{r: bytes.NewReader(enc)}
	calls := &countingCalls{countingReaderAt: src}
	r, err := NewReader(calls, int64(len(enc)), key, "f")
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		off := rand.Int64N(int64(len(plain)))
		n := rand.Int64N(min(int64(len(plain))-off, 20*ChunkSize)) + 1
		first, last := off/ChunkSize, (off+n-1)/ChunkSize
		want := (last - first + batchChunks) / batchChunks
		calls.calls = 0
		got := make([]byte, n)
		if _, err := r.ReadAt(got, off); err != nil {
			t.Fatalf("ReadAt(%d bytes at %d): %v", n, off, err)
		}
		if !bytes.Equal(got, plain[off:off+n]) {
			t.Fatalf("ReadAt(%d bytes at %d): wrong bytes", n, off)
		}
		if calls.calls > int(want) {
			t.Fatalf("ReadAt(%d bytes at %d, chunks %d..%d): %d source reads; want at most %d", n, off, first, last, calls.calls, want)
		}
	}
}

type countingCalls struct {
	*countingReaderAt
	calls int
}

func (c *countingCalls) ReadAt(p []byte, off int64) (int, error) {
	c.calls++
	return c.countingReaderAt.ReadAt(p, off)
}
