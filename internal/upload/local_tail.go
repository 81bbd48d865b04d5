package upload

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"

	"github.com/attune-vig/attune/internal/durable"
	"github.com/attune-vig/attune/internal/vault"
)

// A staging file holds whole vault chunks only (64 KiB each). The bytes
// of a request past the last whole chunk are kept, sealed, in <id>.tail,
// so that every PATCH, however small, advances the offset. The tail is
// sealed under the file id "<id>.tail@<base>", base being the plaintext
// offset it starts at (the end of the whole chunks), so a tail left
// behind by an earlier state of the file fails to open and is ignored.

// acked is the offset a session has durably stored: whole chunks plus tail.
func (sess *session) acked() int64 { return sess.w.Offset() + int64(len(sess.tail)) }

// remember keeps the last ChunkSize bytes fed to the session's writer:
// what is left past the whole chunks when a request ends.
func (sess *session) remember(p []byte) {
	if len(p) >= vault.ChunkSize {
		sess.recent = append(sess.recent[:0], p[len(p)-vault.ChunkSize:]...)
		return
	}
	sess.recent = append(sess.recent, p...)
	if over := len(sess.recent) - vault.ChunkSize; over > 0 {
		sess.recent = append(sess.recent[:0], sess.recent[over:]...)
	}
}

func tailFileID(id string, base int64) string { return id + ".tail@" + strconv.FormatInt(base, 10) }

// keepTail makes the bytes of a request past the whole chunks durable:
// end is the plaintext offset the request reached, after Sync put the
// whole chunks on disk.
func (s *store) keepTail(up *Upload, sess *session, end int64) error {
	base := sess.w.Offset()
	n := end - base
	if n <= 0 || n > int64(len(sess.recent)) {
		sess.tail = nil
		return s.removeTail(up.ID)
	}
	tail := append([]byte(nil), sess.recent[int64(len(sess.recent))-n:]...)
	var sealed bytes.Buffer
	w := vault.NewWriter(&sealed, up.Key, tailFileID(up.ID, base))
	if _, err := w.Write(tail); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := s.writeDurably(s.path(up.ID, ".tail"), sealed.Bytes()); err != nil {
		return err
	}
	sess.tail, sess.tailBase = tail, base
	return nil
}

// writeDurably replaces path (in the staging folder) with data, crash-safely.
func (s *store) writeDurably(path string, data []byte) error {
	return durable.ReplaceFile(path, tmpPrefix+"tail-*", data)
}

// loadTail reads the tail of a resumed session; a tail that does not
// belong at the end of the whole chunks is stale and removed.
func (s *store) loadTail(up *Upload, sess *session) error {
	data, err := os.ReadFile(s.path(up.ID, ".tail"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	sess.tailBase = sess.w.Offset()
	rd, err := vault.NewReader(bytes.NewReader(data), int64(len(data)), up.Key, tailFileID(up.ID, sess.tailBase))
	if err == nil {
		sess.tail, err = io.ReadAll(rd)
	}
	if err != nil || len(sess.tail) >= vault.ChunkSize {
		sess.tail = nil
		return s.removeTail(up.ID)
	}
	return nil
}

// feedTail starts a request: the tail goes back into the writer ahead of
// the request's bytes (Sync dropped it from the writer's buffer).
func (sess *session) feedTail() error {
	sess.recent = sess.recent[:0]
	if len(sess.tail) == 0 {
		return nil
	}
	sess.remember(sess.tail)
	_, err := sess.w.Write(sess.tail)
	return err
}

// dropStaleTail forgets the tail once whole chunks have gone past it.
func (s *store) dropStaleTail(id string, sess *session) {
	if len(sess.tail) > 0 && sess.w.Offset() != sess.tailBase {
		sess.tail = nil
		_ = s.removeTail(id)
	}
}

// removeTail deletes the tail file of id, if any.
func (s *store) removeTail(id string) error {
	if err := os.Remove(s.path(id, ".tail")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the tail of %s: %w", id, err)
	}
	return nil
}
