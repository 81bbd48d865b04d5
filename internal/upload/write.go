package upload

import (
	"context"
	"errors"
	"io"

	tusd "github.com/tus/tusd/v2/pkg/handler"
)

const (
	readSize  = 1 << 20 // bytes read from the request body at a time
	syncEvery = 8 << 20 // fsync (and acknowledge) at least this often within a request
)

// write appends the body of one PATCH to the upload's staging file and
// returns how many bytes past offset are now durably stored: whole chunks
// fsynced and the rest in the tail file, or everything once the upload is
// complete. tusd reports offset + that number as the new Upload-Offset.
func (s *store) write(ctx context.Context, up *Upload, offset int64, src io.Reader) (int64, error) {
	sess := s.session(up.ID)
	if sess == nil {
		var err error
		if sess, err = s.createSession(up); err != nil {
			return 0, err
		}
	}
	sess.w.SetSize(up.Size)
	if sess.acked() != offset {
		return 0, tusd.ErrMismatchOffset
	}
	if err := sess.feedTail(); err != nil {
		return s.abort(up, sess, offset, err)
	}
	received, err := s.copyBody(ctx, up, sess, offset, src)
	if err != nil {
		return s.abort(up, sess, offset, err)
	}
	over := offset+received == up.Size && oversized(ctx, src)
	if offset+received == up.Size && !over {
		if err := s.finish(ctx, up, sess); err != nil {
			return s.acked(up, offset), err
		}
		s.cfg.Hooks.Progress(ctx, up.ID, up.Size, up.Size)
		return up.Size - offset, nil
	}
	if err := sess.w.Sync(); err != nil {
		return s.abort(up, sess, offset, err)
	}
	if over { // of a refused body, keep only the whole chunks
		s.dropStaleTail(up.ID, sess)
	} else if err := s.keepTail(up, sess, offset+received); err != nil {
		return s.abort(up, sess, offset, err)
	}
	s.cfg.Hooks.Progress(ctx, up.ID, sess.acked(), up.Size)
	return sess.acked() - offset, nil
}

// copyBody seals the body into the staging file, fsyncing every syncEvery
// bytes. A body that ends early (dropped connection) is not an error here:
// tusd reports it; what was fsynced stays acknowledged.
func (s *store) copyBody(ctx context.Context, up *Upload, sess *session, offset int64, src io.Reader) (int64, error) {
	bp := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(bp)
	src = io.LimitReader(src, up.Size-offset)
	var received, unsynced int64
	for {
		n, rerr := io.ReadFull(src, *bp)
		if n > 0 {
			if err := s.checkReserve(int64(n)); err != nil {
				return received, err
			}
			if _, err := sess.w.Write((*bp)[:n]); err != nil {
				return received, err
			}
			sess.remember((*bp)[:n])
			received, unsynced = received+int64(n), unsynced+int64(n)
		}
		if rerr != nil {
			return received, ignoreEOF(rerr)
		}
		if unsynced >= syncEvery {
			if err := sess.w.Checkpoint(); err != nil {
				return received, err
			}
			unsynced = 0
			s.cfg.Hooks.Progress(ctx, up.ID, sess.w.Offset(), up.Size)
		}
	}
}

func ignoreEOF(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	return err
}

// abort ends a request whose write failed: it keeps (fsyncs) the whole
// chunks already written, closes the session so the next request reopens
// the file from what is on disk, and explains the failure.
func (s *store) abort(up *Upload, sess *session, offset int64, cause error) (int64, error) {
	_ = sess.w.Sync()
	s.dropStaleTail(up.ID, sess)
	acked := sess.acked()
	s.drop(up.ID)
	return acked - offset, storageError(cause, acked)
}

// acked returns the durable count of a session that has just been dropped.
func (s *store) acked(up *Upload, offset int64) int64 {
	if sess := s.session(up.ID); sess != nil {
		return sess.acked() - offset
	}
	return 0
}
