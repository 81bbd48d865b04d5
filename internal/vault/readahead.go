package vault

import (
	"io"
)

// AheadReader reads a Reader sequentially while a goroutine decrypts the next
// block, so decryption overlaps with whatever consumes the bytes (a network
// connection). Seek restarts it. It is an io.ReadSeekCloser for
// http.ServeContent; Close stops the goroutine.
type AheadReader struct {
	r     *Reader
	block int
	end   int64 // read ahead no further than this (Within)
	pos   int64
	cur   []byte // decrypted bytes starting at curOff
	cur0  int64
	feed  chan aheadBlock
	stop  chan struct{}
}

type aheadBlock struct {
	off  int64
	data []byte
	err  error
}

// ReadAhead returns a sequential reader that decrypts block bytes ahead.
func (r *Reader) ReadAhead(block int) *AheadReader {
	return &AheadReader{r: r, block: max(block, ChunkSize), end: r.size}
}

// Within says only the bytes before end will be wanted (one Range
// request): nothing past it is fetched ahead, which on an object store
// would cost a request and bytes no one reads. Reading past end still
// works, a block at a time.
func (a *AheadReader) Within(end int64) {
	a.end = min(max(end, 0), a.r.size)
}

// Read returns decrypted bytes from the current position.
func (a *AheadReader) Read(p []byte) (int, error) {
	if a.pos >= a.r.size {
		return 0, io.EOF
	}
	if a.pos < a.cur0 || a.pos >= a.cur0+int64(len(a.cur)) {
		if err := a.advance(); err != nil {
			return 0, err
		}
	}
	n := copy(p, a.cur[a.pos-a.cur0:])
	a.pos += int64(n)
	return n, nil
}

// advance takes the next block from the goroutine, starting one at the
// current position when there is none or it is elsewhere.
func (a *AheadReader) advance() error {
	for {
		if a.feed == nil {
			a.start(a.pos)
		}
		b, ok := <-a.feed
		if !ok { // the goroutine ended (at the end of the file): start again here
			a.feed, a.stop = nil, nil
			continue
		}
		if b.off <= a.pos && a.pos < b.off+int64(len(b.data)) {
			a.cur, a.cur0 = b.data, b.off
			return nil
		}
		if b.err != nil && b.err != io.EOF {
			return b.err
		}
		a.halt()
	}
}

func (a *AheadReader) start(off int64) {
	a.feed, a.stop = make(chan aheadBlock, 1), make(chan struct{})
	go func(feed chan<- aheadBlock, stop <-chan struct{}) {
		defer close(feed)
		for first := true; off < a.r.size && (first || off < a.end); first = false {
			size := min(int64(a.block), a.r.size-off)
			if off < a.end {
				size = min(size, a.end-off)
			}
			buf := make([]byte, size)
			n, err := a.r.ReadAt(buf, off)
			select {
			case feed <- aheadBlock{off: off, data: buf[:n], err: err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
			off += int64(n)
		}
	}(a.feed, a.stop)
}

func (a *AheadReader) halt() {
	if a.stop != nil {
		close(a.stop)
		for range a.feed { // let the goroutine finish
		}
	}
	a.feed, a.stop = nil, nil
}

// CopyTo writes n bytes from the current position to w in whole decrypted
// blocks: fewer, larger writes than io.Copy's 32 KiB reads.
func (a *AheadReader) CopyTo(w io.Writer, n int64) (int64, error) {
	var done int64
	for done < n {
		if a.pos >= a.r.size {
			return done, io.ErrUnexpectedEOF
		}
		if a.pos < a.cur0 || a.pos >= a.cur0+int64(len(a.cur)) {
			if err := a.advance(); err != nil {
				return done, err
			}
		}
		part := a.cur[a.pos-a.cur0:]
		part = part[:min(int64(len(part)), n-done)]
		m, err := w.Write(part)
		done, a.pos = done+int64(m), a.pos+int64(m)
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// Seek sets the position; a jump restarts the read-ahead there.
func (a *AheadReader) Seek(offset int64, whence int) (int64, error) {
	pos, err := seekTo(a.pos, a.r.size, offset, whence)
	if err == nil {
		a.pos = pos
	}
	return pos, err
}

// Close stops the read-ahead.
func (a *AheadReader) Close() error {
	a.halt()
	return nil
}
