package processing

import (
	"io"
	"log/slog"
	"sync/atomic"
	"time"
)

// Split is where the time of one clip export or film render went, as the
// person who asked waits for it: in the queue, decrypting the recording,
// reading its streams and packets, encoding, joining the parts and
// storing (encrypting) the result. Decrypting overlaps the encoding (ffmpeg
// reads as it goes); the others follow one another.
type Split struct {
	Queue, Decrypt, Probe, Encode, Join, Store time.Duration
	DecryptedBytes                             int64 // plaintext bytes read from the encrypted recording
}

// Total is the time from the request to the result.
func (s Split) Total() time.Duration { return s.Queue + s.Probe + s.Encode + s.Join + s.Store }

// LogValue lists the parts in milliseconds.
func (s Split) LogValue() slog.Value {
	ms := func(d time.Duration) int64 { return d.Milliseconds() }
	return slog.GroupValue(slog.Int64("queue_ms", ms(s.Queue)), slog.Int64("decrypt_ms", ms(s.Decrypt)),
		slog.Int64("probe_ms", ms(s.Probe)), slog.Int64("encode_ms", ms(s.Encode)), slog.Int64("join_ms", ms(s.Join)),
		slog.Int64("store_ms", ms(s.Store)), slog.Int64("decrypted_bytes", s.DecryptedBytes))
}

// observe logs a finished job's split and hands it to Processor.Observe.
func (p *Processor) observe(kind, id string, s Split) {
	slog.Info(kind+" done", "id", id, "split", s)
	if p.Observe != nil {
		p.Observe(kind, id, s)
	}
}

// timedReader counts the time spent in ReadAt (decrypting) and the bytes read.
type timedReader struct {
	r     io.ReaderAt
	nanos atomic.Int64
	bytes atomic.Int64
}

func (t *timedReader) ReadAt(p []byte, off int64) (int, error) {
	began := time.Now()
	n, err := t.r.ReadAt(p, off)
	t.nanos.Add(int64(time.Since(began)))
	t.bytes.Add(int64(n))
	return n, err
}

func (t *timedReader) spent() (time.Duration, int64) {
	return time.Duration(t.nanos.Load()), t.bytes.Load()
}
