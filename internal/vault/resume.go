package vault

import (
	"errors"
	"fmt"
	"os"
)

// Resumable appends to a vault file across many requests and process
// restarts, for resumable uploads.
//
// The nonce of a chunk is derived from its index, so a chunk index must be
// sealed only once per file: Resumable seals whole chunks only and keeps the
// rest in memory. Unless SetSize says it cannot be the final chunk, it
// also holds back the newest whole chunk until a byte after it arrives,
// because format v1 marks the final chunk, which is the
// last full one when the size is a multiple of ChunkSize (an empty final
// chunk is only valid for an empty file). So until Finish, Offset is a
// multiple of ChunkSize and lags what was written by less than ChunkSize
// bytes (up to ChunkSize without SetSize).
//
// Chunks are never rewritten once on disk: a resume appends after the last
// whole chunk that authenticates. A Resumable is not safe for concurrent use.
type Resumable struct {
	f        *os.File
	cc       *chunkCipher
	index    int64  // chunks sealed and written, all not final
	durable  int64  // chunks known to be fsynced
	buf      []byte // plaintext not yet sealed, at most ChunkSize
	batch    []byte // sealed chunks not yet written
	size     int64  // plaintext size once finished, else -1
	total    int64  // expected plaintext size, if SetSize was called, else -1
	err      error  // sticky write failure
	maxBatch int
}

// resumeBatch is how many sealed chunks Write gathers per write call.
const resumeBatch = 16

// ErrFinished reports an attempt to resume or extend a file that Finish
// already completed.
var ErrFinished = errors.New("vault: the encrypted file is already complete and cannot be extended")

// CreateResumable writes a new header to f (an empty file), fsyncs it and
// returns a writer at plaintext offset 0. The caller makes the file's name
// durable (e.g. create under a temporary name, then rename and fsync the
// directory) so that a file under its final name always has its header.
func CreateResumable(f *os.File, key FileKey, fileID string) (*Resumable, error) {
	if fi, err := f.Stat(); err != nil || fi.Size() != 0 {
		return nil, fmt.Errorf("vault: CreateResumable needs an empty file (%s): %v", f.Name(), err)
	}
	h := newHeader(randomBytes(headerSize - saltOffset))
	cc, err := newChunkCipher(key, h, fileID)
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteAt(h, 0); err != nil {
		return nil, fmt.Errorf("vault: writing the header of %s: %w", f.Name(), err)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("vault: fsync of %s: %w", f.Name(), err)
	}
	return newResumable(f, cc, 0), nil
}

// OpenResumable opens an in-progress file: it reads the header,
// authenticates every whole chunk, truncates whatever follows the last one
// that authenticates (a partial chunk, or chunks torn by a crash before
// they were fsynced), fsyncs, and positions after it. A file completed by
// Finish gives ErrFinished.
func OpenResumable(f *os.File, key FileKey, fileID string) (*Resumable, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("vault: stat %s: %w", f.Name(), err)
	}
	h := make([]byte, headerSize)
	if fi.Size() < headerSize {
		return nil, fmt.Errorf("%w: %s has no complete header", ErrCorrupt, f.Name())
	}
	if err := readFull(f, h, 0); err != nil {
		return nil, err
	}
	if err := checkHeader(h); err != nil {
		return nil, err
	}
	cc, err := newChunkCipher(key, h, fileID)
	if err != nil {
		return nil, err
	}
	good, err := countGoodChunks(f, cc, fi.Size())
	if err != nil {
		return nil, err
	}
	if err := truncateTo(f, headerSize+good*encChunkSize, fi.Size()); err != nil {
		return nil, err
	}
	return newResumable(f, cc, good), nil
}

func newResumable(f *os.File, cc *chunkCipher, chunks int64) *Resumable {
	return &Resumable{f: f, cc: cc, index: chunks, durable: chunks, size: -1, total: -1,
		buf: make([]byte, 0, ChunkSize), maxBatch: resumeBatch}
}

// countGoodChunks returns how many leading whole chunks of the file
// authenticate as not-final chunks. Only a torn tail is cut: if no chunk
// authenticates (wrong key or file id) or one fails before others that
// pass (damage, not a crash), it returns ErrCorrupt and nothing is cut.
func countGoodChunks(f *os.File, cc *chunkCipher, fileSize int64) (int64, error) {
	whole := (fileSize - headerSize) / encChunkSize
	if finishedAt(f, cc, whole, fileSize) {
		return 0, ErrFinished
	}
	good := int64(-1)
	for i := int64(0); i < whole; i++ {
		ok, err := chunkOpens(f, cc, i)
		switch {
		case err != nil:
			return 0, err
		case ok && good >= 0:
			return 0, fmt.Errorf("%w: chunk %d of %s fails authentication but later ones pass", ErrCorrupt, good, f.Name())
		case !ok && good < 0:
			good = i
		}
	}
	if good == 0 {
		return 0, fmt.Errorf("%w: no chunk of %s authenticates (wrong key or file id?)", ErrCorrupt, f.Name())
	}
	if good < 0 {
		good = whole
	}
	return good, nil
}

// chunkOpens reports whether whole chunk i authenticates as not final.
func chunkOpens(f *os.File, cc *chunkCipher, i int64) (bool, error) {
	sealed := make([]byte, encChunkSize)
	if err := readFull(f, sealed, headerSize+i*encChunkSize); err != nil {
		return false, err
	}
	_, err := cc.open(sealed[:0:0], sealed, i, false)
	return err == nil, nil
}

// finishedAt reports whether the bytes after chunk whole-1 (or the last
// whole chunk itself) form a valid final chunk.
func finishedAt(f *os.File, cc *chunkCipher, whole, fileSize int64) bool {
	off := headerSize + whole*encChunkSize
	if fileSize == off && whole > 0 {
		whole, off = whole-1, off-encChunkSize
	}
	sealed := make([]byte, fileSize-off)
	if len(sealed) < tagSize || readFull(f, sealed, off) != nil {
		return false
	}
	_, err := cc.open(nil, sealed, whole, true)
	return err == nil
}

// truncateTo cuts the file to size (if it is longer) and fsyncs it.
func truncateTo(f *os.File, size, fileSize int64) error {
	if fileSize > size {
		if err := f.Truncate(size); err != nil {
			return fmt.Errorf("vault: truncating the torn end of %s: %w", f.Name(), err)
		}
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("vault: fsync of %s: %w", f.Name(), err)
	}
	return nil
}

// Offset returns the plaintext bytes durably stored: whole chunks fsynced
// so far (a multiple of ChunkSize), or the full size once finished.
func (r *Resumable) Offset() int64 {
	if r.size >= 0 {
		return r.size
	}
	return r.durable * ChunkSize
}

// Write seals and writes every whole chunk it can from p (holding back the
// newest one until more data follows), buffering the remainder in memory;
// it returns len(p). After a failed write the file is cut back to its last
// whole chunk and every later Write fails; call Sync and open it again.
func (r *Resumable) Write(p []byte) (int, error) {
	if err := r.usable(); err != nil {
		return 0, err
	}
	n := len(p)
	for {
		if len(r.buf) == ChunkSize && (len(p) > 0 || r.notFinal()) {
			r.batch = r.cc.seal(r.batch, r.buf, r.index+int64(r.pending()), false)
			r.buf = r.buf[:0]
			if r.pending() == r.maxBatch {
				if err := r.writeBatch(); err != nil {
					return 0, err
				}
			}
		}
		if len(p) == 0 {
			break
		}
		c := copy(r.buf[len(r.buf):ChunkSize], p)
		r.buf, p = r.buf[:len(r.buf)+c], p[c:]
	}
	if err := r.writeBatch(); err != nil {
		return 0, err
	}
	return n, nil
}

// SetSize tells the writer the file's final plaintext size, so that a
// whole chunk that cannot be the final one is sealed at once instead of
// being held back until a byte after it arrives. Without it, a caller
// whose requests are exact multiples of ChunkSize would see each request
// acknowledged one chunk short.
func (r *Resumable) SetSize(total int64) { r.total = total }

// notFinal reports whether the full buffered chunk is known not to be the
// file's final chunk.
func (r *Resumable) notFinal() bool {
	end := (r.index + int64(r.pending()) + 1) * ChunkSize
	return r.total >= 0 && end < r.total
}

// pending returns the number of sealed chunks in the batch.
func (r *Resumable) pending() int { return len(r.batch) / encChunkSize }

// writeBatch writes the sealed chunks after the last written one.
func (r *Resumable) writeBatch() error {
	if len(r.batch) == 0 {
		return nil
	}
	k := int64(r.pending())
	if _, err := r.f.WriteAt(r.batch, headerSize+r.index*encChunkSize); err != nil {
		return r.fail(err)
	}
	r.index, r.batch = r.index+k, r.batch[:0]
	return nil
}

// fail cuts the file back to its last whole chunk after a failed write, so
// that it stays a consistent in-progress file, and makes the failure sticky.
func (r *Resumable) fail(err error) error {
	r.err = fmt.Errorf("vault: writing chunk %d of %s: %w", r.index, r.f.Name(), err)
	r.buf, r.batch = r.buf[:0], r.batch[:0]
	if terr := r.f.Truncate(headerSize + r.index*encChunkSize); terr != nil {
		r.err = fmt.Errorf("%w (and cutting back the torn chunk failed: %v)", r.err, terr)
	}
	return r.err
}

// usable returns why the writer cannot take more data, if it cannot.
func (r *Resumable) usable() error {
	if r.size >= 0 {
		return ErrFinished
	}
	return r.err
}

// Checkpoint fsyncs the chunks written so far and advances Offset to them,
// keeping the in-memory remainder (for a long request that continues).
func (r *Resumable) Checkpoint() error {
	if err := r.f.Sync(); err != nil {
		return fmt.Errorf("vault: fsync of %s: %w", r.f.Name(), err)
	}
	r.durable = r.index
	return nil
}

// Sync fsyncs and drops the in-memory remainder; Offset then tells the
// caller how much was kept.
func (r *Resumable) Sync() error {
	r.buf, r.batch = r.buf[:0], r.batch[:0]
	return r.Checkpoint()
}

// Finish seals the buffered remainder as the final chunk, cuts anything
// after it, fsyncs, and leaves a complete v1 file readable by NewReader.
// The remainder may be empty only for an empty file: once a whole chunk
// has been sealed as not final (because data followed it), the file must
// end with data after it.
func (r *Resumable) Finish() error {
	if err := r.usable(); err != nil {
		return err
	}
	if len(r.buf) == 0 && r.index > 0 {
		return fmt.Errorf("vault: cannot finish %s at a chunk boundary after a Sync dropped its remainder; write the rest of the data first", r.f.Name())
	}
	r.batch = r.cc.seal(r.batch[:0], r.buf, r.index, true)
	end := headerSize + r.index*encChunkSize + int64(len(r.batch))
	if _, err := r.f.WriteAt(r.batch, end-int64(len(r.batch))); err != nil {
		return r.fail(err)
	}
	if err := truncateTo(r.f, end, end+1); err != nil {
		return err
	}
	r.size = r.index*ChunkSize + int64(len(r.buf))
	r.durable, r.index, r.buf, r.batch = r.index+1, r.index+1, r.buf[:0], r.batch[:0]
	return nil
}
