package vault

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// testPlain returns n deterministic pseudo-random bytes.
func testPlain(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// encrypt seals plain with NewWriter, writing in pieces of step bytes.
func encrypt(t testing.TB, plain []byte, key FileKey, fileID string, step int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, key, fileID)
	for p := plain; len(p) > 0; {
		n := min(step, len(p))
		if m, err := w.Write(p[:n]); err != nil || m != n {
			t.Fatalf("Write: %d, %v", m, err)
		}
		p = p[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return buf.Bytes()
}

// decryptAll opens enc and reads every byte.
func decryptAll(enc []byte, key FileKey, fileID string) ([]byte, error) {
	r, err := NewReader(bytes.NewReader(enc), int64(len(enc)), key, fileID)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

var roundTripSizes = []struct {
	name string
	size int
}{
	{"empty", 0}, {"one byte", 1}, {"chunk-1", ChunkSize - 1}, {"chunk", ChunkSize},
	{"chunk+1", ChunkSize + 1}, {"3 chunks+17", 3*ChunkSize + 17},
}

func TestRoundTrip(t *testing.T) {
	key := NewFileKey()
	for _, tc := range roundTripSizes {
		for _, step := range []int{1 << 20, 1000, ChunkSize} {
			plain := testPlain(tc.size, uint64(tc.size))
			enc := encrypt(t, plain, key, "file-1", step)
			if got := int64(len(enc)); got != EncryptedSize(int64(tc.size)) {
				t.Errorf("%s: encrypted %d bytes, EncryptedSize says %d", tc.name, got, EncryptedSize(int64(tc.size)))
			}
			if got := PlainSize(int64(len(enc))); got != int64(tc.size) {
				t.Errorf("%s: PlainSize = %d, want %d", tc.name, got, tc.size)
			}
			got, err := decryptAll(enc, key, "file-1")
			if err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("%s step %d: round trip failed: err=%v, %d bytes back of %d", tc.name, step, err, len(got), len(plain))
			}
		}
	}
}

func TestReadAtRandomOffsets(t *testing.T) {
	key := NewFileKey()
	plain := testPlain(3*ChunkSize+17, 7)
	enc := encrypt(t, plain, key, "f", 4096)
	r, err := NewReader(bytes.NewReader(enc), int64(len(enc)), key, "f")
	if err != nil {
		t.Fatal(err)
	}
	if r.Size() != int64(len(plain)) {
		t.Fatalf("Size = %d, want %d", r.Size(), len(plain))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		off := rng.IntN(len(plain) + 10)
		p := make([]byte, rng.IntN(2*ChunkSize))
		n, err := r.ReadAt(p, int64(off))
		want := plain[min(off, len(plain)):min(off+len(p), len(plain))]
		if !bytes.Equal(p[:n], want) {
			t.Fatalf("ReadAt(%d bytes at %d) returned different bytes", len(p), off)
		}
		if wantEOF := off+len(p) > len(plain); wantEOF != (err == io.EOF) || (!wantEOF && err != nil) {
			t.Fatalf("ReadAt(%d bytes at %d): err = %v", len(p), off, err)
		}
	}
}

func TestSeekAndRead(t *testing.T) {
	key := NewFileKey()
	plain := testPlain(2*ChunkSize+5, 3)
	enc := encrypt(t, plain, key, "f", 1<<20)
	r, err := NewReader(bytes.NewReader(enc), int64(len(enc)), key, "f")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		offset int64
		whence int
		want   int64
	}{
		{10, io.SeekStart, 10}, {ChunkSize, io.SeekCurrent, ChunkSize + 10}, {-3, io.SeekEnd, int64(len(plain)) - 3},
	}
	for _, tc := range tests {
		if _, err := r.Seek(10, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		pos, err := r.Seek(tc.offset, tc.whence)
		if err != nil || pos != tc.want {
			t.Fatalf("Seek(%d, %d) = %d, %v; want %d", tc.offset, tc.whence, pos, err, tc.want)
		}
		rest, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(rest, plain[pos:]) {
			t.Fatalf("read after Seek to %d: err=%v, got %d bytes", pos, err, len(rest))
		}
	}
	if _, err := r.Seek(-1, io.SeekStart); err == nil {
		t.Fatal("Seek to -1 succeeded")
	}
}

func TestServeContentRange(t *testing.T) {
	key := NewFileKey()
	plain := testPlain(3*ChunkSize+17, 9)
	enc := encrypt(t, plain, key, "video", 1<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r, err := NewReader(bytes.NewReader(enc), int64(len(enc)), key, "video")
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		http.ServeContent(w, req, "v.mp4", time.Time{}, r)
	}))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Range", "bytes=65530-131080")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, plain[65530:131081]) {
		t.Fatalf("status %d, %d bytes; want 206 with the plaintext range", resp.StatusCode, len(body))
	}
}

func TestPlainSizeImpossible(t *testing.T) {
	for _, enc := range []int64{-1, 0, headerSize, headerSize + tagSize - 1, headerSize + encChunkSize + 5, headerSize + encChunkSize + tagSize} {
		if got := PlainSize(enc); got != -1 {
			t.Errorf("PlainSize(%d) = %d, want -1", enc, got)
		}
	}
	if EncryptedSize(-1) != -1 {
		t.Error("EncryptedSize(-1) should be -1")
	}
}

func TestWriteAfterClose(t *testing.T) {
	w := NewWriter(io.Discard, NewFileKey(), "f")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("x")); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("Write after Close: %v", err)
	}
}

func TestWriterPassesDstError(t *testing.T) {
	boom := errors.New("disk on fire")
	w := NewWriter(failWriter{boom}, NewFileKey(), "f")
	if _, err := w.Write([]byte("x")); !errors.Is(err, boom) {
		t.Fatalf("Write: %v, want %v", err, boom)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }
