package vault

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// Reader decrypts a format v1 file, reading and authenticating only the
// chunks a read touches. It implements io.ReaderAt (safe for concurrent
// use) and io.ReadSeeker (not safe for concurrent use, like *os.File), so it
// can be handed to http.ServeContent for Range requests.
type Reader struct {
	src     io.ReaderAt
	encSize int64
	size    int64
	chunks  int64
	pos     int64 // for Read and Seek

	mu       sync.Mutex // guards everything below
	cc       *chunkCipher
	encBuf   []byte
	batch    []byte // sealed chunks read in one go for large reads
	cache    []byte // plaintext of chunk cacheIdx
	cacheIdx int64
}

// NewReader opens the encrypted file of encSize bytes in src with key and
// the fileID it was written under. It checks the header and authenticates
// the final chunk, so a truncated file, a wrong key or a wrong file id fail
// here with ErrCorrupt; damage elsewhere fails the read that reaches it.
func NewReader(src io.ReaderAt, encSize int64, key FileKey, fileID string) (*Reader, error) {
	size := PlainSize(encSize)
	if size < 0 {
		return nil, fmt.Errorf("%w: %d bytes is not a possible encrypted file size (truncated?)", ErrCorrupt, encSize)
	}
	h := make([]byte, headerSize)
	if err := readFull(src, h, 0); err != nil {
		return nil, err
	}
	r, err := readerWithHeader(src, encSize, key, fileID, h)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := r.chunk(r.chunks - 1); err != nil {
		return nil, err
	}
	return r, nil
}

// readerWithHeader makes a Reader from a header already read; nothing is
// read or authenticated yet.
func readerWithHeader(src io.ReaderAt, encSize int64, key FileKey, fileID string, h []byte) (*Reader, error) {
	size := PlainSize(encSize)
	if size < 0 {
		return nil, fmt.Errorf("%w: %d bytes is not a possible encrypted file size (truncated?)", ErrCorrupt, encSize)
	}
	if err := checkHeader(h); err != nil {
		return nil, err
	}
	cc, err := newChunkCipher(key, h, fileID)
	if err != nil {
		return nil, err
	}
	return &Reader{src: src, encSize: encSize, size: size, chunks: max(1, (size+ChunkSize-1)/ChunkSize),
		cc: cc, encBuf: make([]byte, encChunkSize), cache: make([]byte, 0, ChunkSize), cacheIdx: -1}, nil
}

// Size returns the plaintext size.
func (r *Reader) Size() int64 { return r.size }

// ReadAt reads len(p) plaintext bytes from offset off.
func (r *Reader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("vault: ReadAt at a negative offset")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for n < len(p) && off < r.size {
		m, err := r.span(p[n:], off)
		n, off = n+m, off+int64(m)
		if err != nil {
			return n, err
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Read reads from the current position.
func (r *Reader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.pos)
	r.pos += int64(n)
	if n > 0 && err == io.EOF {
		err = nil
	}
	return n, err
}

// Seek sets the position for the next Read.
func (r *Reader) Seek(offset int64, whence int) (int64, error) {
	pos, err := seekTo(r.pos, r.size, offset, whence)
	if err == nil {
		r.pos = pos
	}
	return pos, err
}

// seekTo computes the position a Seek asks for.
func seekTo(pos, size, offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += pos
	case io.SeekEnd:
		offset += size
	default:
		return pos, errors.New("vault: Seek with an invalid whence")
	}
	if offset < 0 {
		return pos, errors.New("vault: Seek to a negative position")
	}
	return offset, nil
}

// batchChunks is how many chunks a large read fetches in one go.
const batchChunks = 16

// span fills p from off with the chunks it touches, up to batchChunks of
// them, read from the source in one call: on an object store every read
// is a request, so a Range that starts and ends mid-chunk costs one, not
// three. Whole chunks are decrypted straight into p; a chunk only partly
// wanted goes through the cache. A read within one chunk uses the cache.
// Callers hold r.mu.
func (r *Reader) span(p []byte, off int64) (int, error) {
	first := off / ChunkSize
	last := min((off+int64(len(p))-1)/ChunkSize, r.chunks-1, first+batchChunks-1)
	if last == first {
		plain, err := r.chunk(first)
		if err != nil {
			return 0, err
		}
		return copy(p, plain[off-first*ChunkSize:]), nil
	}
	if r.batch == nil {
		r.batch = make([]byte, batchChunks*encChunkSize)
	}
	start := headerSize + first*encChunkSize
	sealed := r.batch[:min(headerSize+(last+1)*encChunkSize, r.encSize)-start]
	if err := readFull(r.src, sealed, start); err != nil {
		return 0, err
	}
	n := 0
	for i := first; i <= last; i++ {
		enc := sealed[(i-first)*encChunkSize : min((i-first+1)*encChunkSize, int64(len(sealed)))]
		skip := off + int64(n) - i*ChunkSize
		if skip == 0 && len(p)-n >= ChunkSize && i < r.chunks-1 {
			plain, err := r.cc.open(p[n:n], enc, i, false)
			if err != nil {
				return n, err
			}
			n += len(plain)
			continue
		}
		r.cacheIdx = -1
		plain, err := r.cc.open(r.cache[:0], enc, i, i == r.chunks-1)
		if err != nil {
			return n, err
		}
		r.cache, r.cacheIdx = plain, i
		n += copy(p[n:], plain[skip:])
	}
	return n, nil
}

// chunk returns the plaintext of chunk i, from the cache or by decrypting
// it. The result is valid until the next call. Callers hold r.mu.
func (r *Reader) chunk(i int64) ([]byte, error) {
	if i == r.cacheIdx {
		return r.cache, nil
	}
	off := headerSize + i*encChunkSize
	sealed := r.encBuf[:min(encChunkSize, r.encSize-off)]
	if err := readFull(r.src, sealed, off); err != nil {
		return nil, err
	}
	r.cacheIdx = -1
	plain, err := r.cc.open(r.cache[:0], sealed, i, i == r.chunks-1)
	if err != nil {
		return nil, err
	}
	r.cache, r.cacheIdx = plain, i
	return plain, nil
}

// readFull fills p from src at off. A source shorter than it claimed to be
// is reported as ErrCorrupt; other read errors are passed on.
func readFull(src io.ReaderAt, p []byte, off int64) error {
	n, err := src.ReadAt(p, off)
	switch {
	case n == len(p):
		return nil
	case err == nil, errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: file is shorter than its recorded size", ErrCorrupt)
	}
	return fmt.Errorf("vault: reading encrypted file at offset %d: %w", off, err)
}
