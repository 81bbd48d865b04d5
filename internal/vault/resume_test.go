package vault

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// resumeStep is one request of a simulated resumable upload: send n bytes
// from the resumable offset, then end the request in one of three ways.
type resumeStep struct {
	n    int
	end  string // "sync", "crash" (drop the writer without Sync), "torn" (crash mid-chunk-write)
	note string
}

// resumeHarness drives a Resumable over one file the way the upload
// handler does, and checks after every resume that bytes already written
// for a chunk index never change.
type resumeHarness struct {
	t      *testing.T
	path   string
	key    FileKey
	plain  []byte
	chunks map[int64][]byte // every chunk's sealed bytes ever seen, by index
}

func newResumeHarness(t *testing.T, plain []byte) *resumeHarness {
	return &resumeHarness{t: t, path: filepath.Join(t.TempDir(), "up.part"), key: NewFileKey(),
		plain: plain, chunks: map[int64][]byte{}}
}

// open creates the file on first use, else resumes it.
func (h *resumeHarness) open() (*os.File, *Resumable) {
	h.t.Helper()
	f, err := os.OpenFile(h.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		h.t.Fatal(err)
	}
	fi, _ := f.Stat()
	var r *Resumable
	if fi.Size() == 0 {
		r, err = CreateResumable(f, h.key, "rec-1")
	} else {
		r, err = OpenResumable(f, h.key, "rec-1")
	}
	if err != nil {
		h.t.Fatalf("open: %v", err)
	}
	if r.Offset()%ChunkSize != 0 {
		h.t.Fatalf("resumed offset %d is not a multiple of ChunkSize", r.Offset())
	}
	h.checkChunksStable()
	return f, r
}

// checkChunksStable records the sealed bytes of every chunk in the file
// and fails if a chunk index ever shows different bytes than before
// (which would mean it was sealed twice with different content).
func (h *resumeHarness) checkChunksStable() {
	h.t.Helper()
	enc, err := os.ReadFile(h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	for i := int64(0); headerSize+i*encChunkSize < int64(len(enc)); i++ {
		got := chunkAt(enc, int(i))
		old, seen := h.chunks[i]
		n := min(len(old), len(got))
		if seen && !bytes.Equal(old[:n], got[:n]) {
			h.t.Fatalf("chunk %d changed across resumes", i)
		}
		if len(got) > len(old) {
			h.chunks[i] = bytes.Clone(got)
		}
	}
}

// run plays the steps, then sends the rest in one request and finishes.
func (h *resumeHarness) run(steps []resumeStep) {
	h.t.Helper()
	for _, s := range steps {
		f, r := h.open()
		off := r.Offset()
		end := min(int64(len(h.plain)), off+int64(s.n))
		if _, err := r.Write(h.plain[off:end]); err != nil {
			h.t.Fatalf("%s: Write: %v", s.note, err)
		}
		h.end(f, r, s)
	}
	f, r := h.open()
	defer f.Close()
	if _, err := r.Write(h.plain[r.Offset():]); err != nil {
		h.t.Fatal(err)
	}
	if err := r.Finish(); err != nil {
		h.t.Fatalf("Finish: %v", err)
	}
	if r.Offset() != int64(len(h.plain)) {
		h.t.Fatalf("Offset after Finish = %d, want %d", r.Offset(), len(h.plain))
	}
	h.checkChunksStable()
	h.checkDecrypts()
}

// end ends one request as the step says.
func (h *resumeHarness) end(f *os.File, r *Resumable, s resumeStep) {
	h.t.Helper()
	switch s.end {
	case "sync":
		before := r.index
		if err := r.Sync(); err != nil {
			h.t.Fatal(err)
		}
		if r.Offset() != before*ChunkSize {
			h.t.Fatalf("%s: Offset after Sync = %d, want %d", s.note, r.Offset(), before*ChunkSize)
		}
	case "torn", "torn-whole":
		// A crash while writing the next chunk: half a sealed chunk of
		// junk, or (power cut before fsync) whole chunks of zeros.
		junk := bytes.Repeat([]byte{0xA5}, encChunkSize/2)
		if s.end == "torn-whole" {
			junk = make([]byte, 2*encChunkSize)
		}
		fi, _ := f.Stat()
		if _, err := f.WriteAt(junk, fi.Size()); err != nil {
			h.t.Fatal(err)
		}
	}
	f.Close()
}

func (h *resumeHarness) checkDecrypts() {
	h.t.Helper()
	enc, err := os.ReadFile(h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	if int64(len(enc)) != EncryptedSize(int64(len(h.plain))) {
		h.t.Fatalf("file is %d bytes, want %d", len(enc), EncryptedSize(int64(len(h.plain))))
	}
	rd, err := NewReader(bytes.NewReader(enc), int64(len(enc)), h.key, "rec-1")
	if err != nil {
		h.t.Fatalf("NewReader: %v", err)
	}
	got, err := io.ReadAll(rd)
	if err != nil || !bytes.Equal(got, h.plain) {
		h.t.Fatalf("decrypted %d bytes (err %v), want the %d source bytes", len(got), err, len(h.plain))
	}
}

func TestResumableManyResumesDecryptToSource(t *testing.T) {
	steps := []resumeStep{
		{1, "sync", "1 byte"},
		{65535, "sync", "one byte short of a chunk"},
		{65537, "sync", "one byte over a chunk"},
		{3<<20 + 17, "crash", "3 MiB+17 then crash without Sync"},
		{65537, "torn", "crash while writing a chunk"},
		{ChunkSize, "sync", "exactly one chunk (held back)"},
		{ChunkSize*3 + 5, "torn-whole", "power cut: unsynced chunks read back as zeros"},
		{2*ChunkSize + 1, "sync", "two chunks and a byte"},
		{3<<20 + 17, "sync", "3 MiB+17"},
		{1, "crash", "1 byte then crash"},
	}
	for _, size := range []int{8<<20 + 12345, 8 << 20} {
		h := newResumeHarness(t, testPlain(size, uint64(size)))
		h.run(steps)
	}
}

func TestResumableExactMultiplesOfChunkSize(t *testing.T) {
	for _, chunks := range []int{0, 1, 2, 5} {
		for _, step := range []int{ChunkSize, 7, 3 * ChunkSize} {
			h := newResumeHarness(t, testPlain(chunks*ChunkSize, uint64(chunks)))
			h.run([]resumeStep{{step, "sync", "step"}, {step, "sync", "step"}})
		}
	}
}

func TestResumableOffsetIsWholeDurableChunks(t *testing.T) {
	h := newResumeHarness(t, testPlain(5*ChunkSize, 3))
	f, r := h.open()
	defer f.Close()
	tests := []struct{ write, want int64 }{
		{ChunkSize, 0}, // the only chunk so far is held back
		{1, ChunkSize}, // a byte after it: chunk 0 is sealed
		{ChunkSize - 2, ChunkSize},
		{2, 2 * ChunkSize},
	}
	pos := int64(0)
	for _, tc := range tests {
		prev := r.Offset()
		if _, err := r.Write(h.plain[pos : pos+tc.write]); err != nil {
			t.Fatal(err)
		}
		pos += tc.write
		if r.Offset() != prev {
			t.Fatalf("Offset moved from %d to %d before an fsync", prev, r.Offset())
		}
		if err := r.Checkpoint(); err != nil {
			t.Fatal(err)
		}
		if r.Offset() != tc.want {
			t.Fatalf("after %d bytes Offset = %d, want %d", pos, r.Offset(), tc.want)
		}
	}
}

func TestResumableTamperingAfterFinishIsCorrupt(t *testing.T) {
	h := newResumeHarness(t, testPlain(3*ChunkSize+100, 9))
	h.run([]resumeStep{{ChunkSize + 5, "sync", "first"}})
	enc, _ := os.ReadFile(h.path)
	for _, at := range []int{headerSize + 3, headerSize + encChunkSize + 7, len(enc) - 1} {
		bad := bytes.Clone(enc)
		bad[at] ^= 1
		rd, err := NewReader(bytes.NewReader(bad), int64(len(bad)), h.key, "rec-1")
		if err == nil {
			_, err = io.ReadAll(rd)
		}
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("bit flipped at %d: err = %v, want ErrCorrupt", at, err)
		}
	}
	cut := enc[:headerSize+3*encChunkSize]
	if _, err := NewReader(bytes.NewReader(cut), int64(len(cut)), h.key, "rec-1"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("final chunk dropped: err = %v, want ErrCorrupt", err)
	}
}

func TestResumableRefusesToReopenOrExtendFinishedFile(t *testing.T) {
	for _, size := range []int{0, 100, ChunkSize, 2*ChunkSize + 3} {
		h := newResumeHarness(t, testPlain(size, 4))
		h.run(nil)
		f, err := os.OpenFile(h.path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := OpenResumable(f, h.key, "rec-1"); !errors.Is(err, ErrFinished) {
			t.Errorf("size %d: OpenResumable of a finished file: %v, want ErrFinished", size, err)
		}
		f.Close()
	}
}

func TestResumableFinishAfterDroppedRemainderFails(t *testing.T) {
	h := newResumeHarness(t, testPlain(ChunkSize+10, 5))
	f, r := h.open()
	defer f.Close()
	if _, err := r.Write(h.plain); err != nil {
		t.Fatal(err)
	}
	if err := r.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := r.Finish(); err == nil {
		t.Fatal("Finish at a boundary whose chunk was sealed as not final succeeded; the file would be unreadable")
	}
}

func TestOpenResumableRejectsWrongKeyWithoutCuttingAnything(t *testing.T) {
	h := newResumeHarness(t, testPlain(5*ChunkSize, 6))
	f, r := h.open()
	defer f.Close()
	if _, err := r.Write(h.plain); err != nil {
		t.Fatal(err)
	}
	if err := r.Sync(); err != nil {
		t.Fatal(err)
	}
	before, _ := f.Stat()
	for _, tc := range []struct {
		key FileKey
		id  string
	}{{NewFileKey(), "rec-1"}, {h.key, "rec-2"}} {
		if _, err := OpenResumable(f, tc.key, tc.id); !errors.Is(err, ErrCorrupt) {
			t.Errorf("wrong key or id: %v, want ErrCorrupt", err)
		}
	}
	if after, _ := f.Stat(); after.Size() != before.Size() {
		t.Fatalf("opening with the wrong key cut the file from %d to %d bytes", before.Size(), after.Size())
	}
	if err := f.Truncate(headerSize - 1); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenResumable(f, h.key, "rec-1"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("short file: %v, want ErrCorrupt", err)
	}
}
