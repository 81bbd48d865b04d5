package vault

import (
	"errors"
	"io"
)

// errClosed is returned by Write after Close.
var errClosed = errors.New("vault: write to a closed encrypted file writer")

// writer encrypts a stream into format v1. It holds one chunk in memory.
type writer struct {
	dst    io.Writer
	key    FileKey
	fileID string
	salt   []byte
	cc     *chunkCipher
	buf    []byte // pending plaintext, at most ChunkSize
	sealed []byte // scratch for one sealed chunk
	index  int64
	err    error // sticky
}

// NewWriter returns a writer that encrypts what is written to it into dst
// under key, bound to fileID (the caller's stable id for this file; the
// same id must be given to NewReader). Close seals the final chunk and must
// be called, or the file is unreadable; it does not close dst.
func NewWriter(dst io.Writer, key FileKey, fileID string) io.WriteCloser {
	return newWriterSalt(dst, key, fileID, randomBytes(headerSize-saltOffset))
}

// newWriterSalt is NewWriter with a given salt, for reproducible test files.
func newWriterSalt(dst io.Writer, key FileKey, fileID string, salt []byte) *writer {
	return &writer{dst: dst, key: key, fileID: fileID, salt: salt,
		buf: make([]byte, 0, ChunkSize), sealed: make([]byte, 0, encChunkSize)}
}

// Write buffers p, sealing each chunk once it is full and more data follows.
func (w *writer) Write(p []byte) (int, error) {
	if err := w.start(); err != nil {
		return 0, err
	}
	written := 0
	for len(p) > 0 {
		if len(w.buf) == ChunkSize {
			if err := w.flush(false); err != nil {
				return written, err
			}
		}
		n := copy(w.buf[len(w.buf):ChunkSize], p)
		w.buf, p, written = w.buf[:len(w.buf)+n], p[n:], written+n
	}
	return written, nil
}

// Close seals the final chunk. Closing twice is an error.
func (w *writer) Close() error {
	if err := w.start(); err != nil {
		return err
	}
	err := w.flush(true)
	if err == nil {
		w.err = errClosed
	}
	return err
}

// start writes the header before the first byte of data.
func (w *writer) start() error {
	if w.err != nil || w.cc != nil {
		return w.err
	}
	h := newHeader(w.salt)
	w.cc, w.err = newChunkCipher(w.key, h, w.fileID)
	if w.err == nil {
		_, w.err = w.dst.Write(h)
	}
	return w.err
}

// flush seals and writes the buffered chunk.
func (w *writer) flush(last bool) error {
	w.sealed = w.cc.seal(w.sealed[:0], w.buf, w.index, last)
	if _, err := w.dst.Write(w.sealed); err != nil {
		w.err = err
		return err
	}
	w.buf, w.index = w.buf[:0], w.index+1
	return nil
}
