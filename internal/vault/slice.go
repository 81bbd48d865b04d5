package vault

import (
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
)

// Slices: one format v1 file sealed in pieces, by different writers at
// different times (the parts of an upload that arrive on different
// servers), each piece exactly the bytes it will be in the whole file. Put
// end to end — by an object store's server-side copy, without reading them
// back — the pieces are the file, readable by NewReader under the same key
// and file id. Every writer makes the same header: its salt is derived from
// the key and the file id (the file key is random per file, so the chunk
// key is still the file's own).

// ErrUnaligned is returned for a slice that does not start on a chunk boundary.
var ErrUnaligned = errors.New("vault: a slice must start on a chunk boundary")

// sliceHeader is the header of a file sealed in slices.
func sliceHeader(key FileKey, fileID string) ([]byte, error) {
	salt, err := hkdf.Key(sha256.New, key[:], nil, "attune-vault slice salt v1|"+fileID, headerSize-saltOffset)
	if err != nil {
		return nil, fmt.Errorf("vault: deriving a slice salt: %w", err)
	}
	return newHeader(salt), nil
}

// SliceWriter seals plaintext bytes [start, start+n) of a file of total
// plaintext bytes into dst as they sit in the file: the header first when
// start is 0, then chunk start/ChunkSize and those after it. Only whole
// chunks, and the file's final chunk, are sealed; Close hands back the
// bytes of a trailing chunk that is neither (they are not in the slice).
type SliceWriter struct {
	dst          io.Writer
	cc           *chunkCipher
	header       []byte // still to write (start 0)
	buf, sealed  []byte
	index, final int64 // next chunk's index; the file's final chunk's
	end, total   int64 // plaintext offset reached; the file's size
	err          error
}

// NewSliceWriter starts a slice at start (a multiple of ChunkSize) of a
// file of total plaintext bytes sealed under key and fileID.
func NewSliceWriter(dst io.Writer, key FileKey, fileID string, start, total int64) (*SliceWriter, error) {
	if start%ChunkSize != 0 || start < 0 || start > total {
		return nil, fmt.Errorf("%w (start %d of %d)", ErrUnaligned, start, total)
	}
	h, err := sliceHeader(key, fileID)
	if err != nil {
		return nil, err
	}
	cc, err := newChunkCipher(key, h, fileID)
	if err != nil {
		return nil, err
	}
	w := &SliceWriter{dst: dst, cc: cc, buf: make([]byte, 0, ChunkSize), sealed: make([]byte, 0, encChunkSize),
		index: start / ChunkSize, final: max(1, (total+ChunkSize-1)/ChunkSize) - 1, end: start, total: total}
	if start == 0 {
		w.header = h
	}
	return w, nil
}

// Write seals each chunk as it fills; bytes past the file's size are refused.
func (w *SliceWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.end+int64(len(p)) > w.total {
		return 0, fmt.Errorf("vault: a slice written past the file's %d bytes", w.total)
	}
	written := 0
	for len(p) > 0 {
		n := copy(w.buf[len(w.buf):ChunkSize], p)
		w.buf, p, written, w.end = w.buf[:len(w.buf)+n], p[n:], written+n, w.end+int64(n)
		if len(w.buf) == ChunkSize {
			if err := w.flush(); err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

// Close seals the file's final chunk if the slice reaches it, and returns
// the plaintext of a trailing incomplete chunk otherwise (nil if none): the
// slice ends where its last whole chunk ends (a slice that sealed nothing
// wrote nothing, not even the header).
func (w *SliceWriter) Close() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.end == w.total && (len(w.buf) > 0 || w.index == w.final && w.header != nil) {
		return nil, w.flush() // the final chunk (an empty file's only one)
	}
	rest := append([]byte(nil), w.buf...)
	w.buf, w.end = w.buf[:0], w.end-int64(len(rest))
	return rest, nil
}

// End is the plaintext offset the sealed slice ends at.
func (w *SliceWriter) End() int64 { return w.end - int64(len(w.buf)) }

func (w *SliceWriter) writeHeader() error {
	if w.header != nil {
		if _, err := w.dst.Write(w.header); err != nil {
			w.err = err
			return err
		}
		w.header = nil
	}
	return nil
}

func (w *SliceWriter) flush() error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.sealed = w.cc.seal(w.sealed[:0], w.buf, w.index, w.index == w.final)
	if _, err := w.dst.Write(w.sealed); err != nil {
		w.err = err
		return err
	}
	w.buf, w.index = w.buf[:0], w.index+1
	return nil
}

// OpenSlice reads a slice made by SliceWriter on its own: src holds the
// slice that starts at plaintext offset start of a file of total bytes.
// Read it at the file's offsets, from start to the slice's end; every chunk
// read is authenticated as the file's own.
func OpenSlice(src io.ReaderAt, key FileKey, fileID string, start, total int64) (*Reader, error) {
	if start%ChunkSize != 0 || start < 0 || start > total {
		return nil, fmt.Errorf("%w (start %d of %d)", ErrUnaligned, start, total)
	}
	h, err := sliceHeader(key, fileID)
	if err != nil {
		return nil, err
	}
	base := int64(0)
	if start > 0 {
		base = headerSize + start/ChunkSize*encChunkSize
	}
	return readerWithHeader(shifted{src, base}, EncryptedSize(total), key, fileID, h)
}

// shifted reads a file's bytes from base on out of src, which holds only those.
type shifted struct {
	src  io.ReaderAt
	base int64
}

func (s shifted) ReadAt(p []byte, off int64) (int, error) {
	if off < s.base {
		return 0, fmt.Errorf("%w: a read before the slice's start", ErrCorrupt)
	}
	return s.src.ReadAt(p, off-s.base)
}
