package vault

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// TestSlicesMakeOneFile: a file sealed in slices of whole chunks, written
// end to end, is byte for byte the file NewWriter makes with the slice
// salt, opens with NewReader, and each slice reads back on its own.
func TestSlicesMakeOneFile(t *testing.T) {
	key := NewFileKey()
	for _, tc := range []struct {
		name   string
		size   int64
		slices []int64 // starts
	}{
		{"empty", 0, []int64{0}},
		{"one short chunk", 100, []int64{0}},
		{"whole chunks", 3 * ChunkSize, []int64{0, ChunkSize, 2 * ChunkSize}},
		{"short final chunk", 5*ChunkSize + 17, []int64{0, 2 * ChunkSize, 4 * ChunkSize}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain := bytes.Repeat([]byte("attune slices "), int(tc.size)/14+1)[:tc.size]
			var whole bytes.Buffer
			var parts [][]byte
			for i, start := range tc.slices {
				end := tc.size
				if i+1 < len(tc.slices) {
					end = tc.slices[i+1]
				}
				var part bytes.Buffer
				w, err := NewSliceWriter(&part, key, "up1", start, tc.size)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := w.Write(plain[start:end]); err != nil {
					t.Fatal(err)
				}
				if rest, err := w.Close(); err != nil || len(rest) != 0 || w.End() != end {
					t.Fatalf("slice at %d: rest %d bytes, end %d, %v", start, len(rest), w.End(), err)
				}
				parts = append(parts, part.Bytes())
				whole.Write(part.Bytes())
			}
			h, _ := sliceHeader(key, "up1")
			var ref bytes.Buffer
			rw := newWriterSalt(&ref, key, "up1", h[saltOffset:])
			rw.Write(plain)
			rw.Close()
			if !bytes.Equal(whole.Bytes(), ref.Bytes()) {
				t.Fatalf("slices end to end (%d bytes) differ from the file written whole (%d bytes)", whole.Len(), ref.Len())
			}
			rd, err := NewReader(bytes.NewReader(whole.Bytes()), int64(whole.Len()), key, "up1")
			if err != nil {
				t.Fatal(err)
			}
			if got, err := io.ReadAll(rd); err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("the joined file reads %d bytes (%v)", len(got), err)
			}
			for i, start := range tc.slices {
				end := tc.size
				if i+1 < len(tc.slices) {
					end = tc.slices[i+1]
				}
				sr, err := OpenSlice(bytes.NewReader(parts[i]), key, "up1", start, tc.size)
				if err != nil {
					t.Fatal(err)
				}
				got := make([]byte, end-start)
				if _, err := sr.ReadAt(got, start); err != nil && !(errors.Is(err, io.EOF) && end == tc.size) || !bytes.Equal(got, plain[start:end]) {
					t.Fatalf("slice at %d read on its own: %v", start, err)
				}
			}
		})
	}
}

// TestSliceKeepsAnIncompleteChunkOut: a slice whose bytes end inside a
// chunk (not the file's last) seals the whole chunks and hands back the
// rest; one that starts inside a chunk is refused; a slice read as another
// file's, or at another place, fails authentication.
func TestSliceKeepsAnIncompleteChunkOut(t *testing.T) {
	key := NewFileKey()
	plain := bytes.Repeat([]byte{7}, 3*ChunkSize)
	var part bytes.Buffer
	w, _ := NewSliceWriter(&part, key, "up2", 0, 3*ChunkSize)
	w.Write(plain[:ChunkSize+10])
	rest, err := w.Close()
	if err != nil || len(rest) != 10 || w.End() != ChunkSize || int64(part.Len()) != headerSize+encChunkSize {
		t.Fatalf("rest %d, end %d, %d bytes sealed, %v", len(rest), w.End(), part.Len(), err)
	}
	if _, err := NewSliceWriter(io.Discard, key, "up2", 10, 3*ChunkSize); !errors.Is(err, ErrUnaligned) {
		t.Fatalf("slice at 10: %v, want ErrUnaligned", err)
	}
	for _, c := range []struct {
		id    string
		start int64
	}{{"other", 0}, {"up2", ChunkSize}} {
		sr, err := OpenSlice(bytes.NewReader(part.Bytes()[headerSize:]), key, c.id, c.start, 3*ChunkSize)
		if err == nil {
			_, err = sr.ReadAt(make([]byte, 10), c.start)
		}
		if c.id == "other" {
			sr, _ = OpenSlice(bytes.NewReader(part.Bytes()), key, c.id, 0, 3*ChunkSize)
			_, err = sr.ReadAt(make([]byte, 10), 0)
		}
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("slice read as %s at %d: %v, want ErrCorrupt", c.id, c.start, err)
		}
	}
}
