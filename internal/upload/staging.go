package upload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/durable"
	"github.com/attune-vig/attune/internal/vault"
)

// Staging files, in Config.Dir, all vault-encrypted:
//
//	.tmp-<id>-*   being created (header not yet durable); swept at start
//	<id>.part     in progress: whole sealed chunks
//	<id>.tail     in progress: the bytes after them (local_tail.go)
//	<id>.done     finished, to be moved into the blob store
//
// The vault file id is the upload id.
const tmpPrefix = ".tmp-"

type uploadState int

const (
	stateNew      uploadState = iota // nothing stored yet
	statePart                        // in progress
	stateDone                        // finished, not yet in the blob store
	stateComplete                    // in the blob store
)

// session is an open in-progress staging file.
type session struct {
	f        *os.File
	w        *vault.Resumable
	tail     []byte // plaintext after the whole chunks, also in <id>.tail
	tailBase int64  // the offset tail starts at
	recent   []byte // the last bytes fed to w in this request (local_tail.go)
}

func (s *store) path(id, ext string) string { return filepath.Join(s.cfg.Dir, id+ext) }

func (s *store) session(id string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[id]
}

// state finds where an upload without an open session stands.
func (s *store) state(ctx context.Context, up *Upload) (uploadState, error) {
	for _, c := range []struct {
		ext string
		st  uploadState
	}{{".done", stateDone}, {".part", statePart}} {
		if _, err := os.Stat(s.path(up.ID, c.ext)); err == nil {
			return c.st, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return 0, internalError(err)
		}
	}
	obj, err := s.cfg.Blobs.Open(ctx, s.cfg.BlobKey(up.ID))
	switch {
	case errors.Is(err, blob.ErrNotFound):
		return stateNew, nil
	case err != nil:
		return 0, internalError(err)
	}
	obj.Close()
	return stateComplete, nil
}

// createSession starts the staging file: header written and fsynced under a
// temporary name, then renamed into place and the directory fsynced.
func (s *store) createSession(up *Upload) (*session, error) {
	f, err := os.CreateTemp(s.cfg.Dir, tmpPrefix+up.ID+"-*")
	if err != nil {
		return nil, storageError(err, 0)
	}
	w, err := vault.CreateResumable(f, up.Key, up.ID)
	if err == nil {
		err = os.Rename(f.Name(), s.path(up.ID, ".part"))
	}
	if err == nil {
		err = durable.SyncDir(s.cfg.Dir)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, storageError(err, 0)
	}
	return s.keep(up.ID, &session{f: f, w: w}), nil
}

// openSession resumes an in-progress staging file after a restart.
func (s *store) openSession(ctx context.Context, up *Upload) (*session, error) {
	part := s.path(up.ID, ".part")
	f, err := os.OpenFile(part, os.O_RDWR, 0)
	if err != nil {
		return nil, internalError(err)
	}
	w, err := vault.OpenResumable(f, up.Key, up.ID)
	if errors.Is(err, vault.ErrFinished) { // crashed between Finish and rename
		f.Close()
		_ = s.removeTail(up.ID)
		return nil, s.promote(up.ID)
	}
	if err != nil {
		f.Close()
		return nil, internalError(fmt.Errorf("resuming %s: %w", part, err))
	}
	sess := &session{f: f, w: w}
	if err := s.loadTail(up, sess); err != nil {
		f.Close()
		return nil, internalError(err)
	}
	return s.keep(up.ID, sess), nil
}

func (s *store) keep(id string, sess *session) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[id] = sess
	return sess
}

// drop closes and forgets the session of id.
func (s *store) drop(id string) {
	s.mu.Lock()
	sess := s.sessions[id]
	delete(s.sessions, id)
	s.mu.Unlock()
	if sess != nil {
		sess.f.Close()
	}
}

// finish seals the last chunk and renames the file to .done.
func (s *store) finish(_ context.Context, up *Upload, sess *session) error {
	defer s.drop(up.ID)
	if err := sess.w.Finish(); err != nil {
		_ = sess.w.Sync()
		return storageError(err, sess.w.Offset())
	}
	if err := s.promote(up.ID); err != nil {
		return err
	}
	if err := s.removeTail(up.ID); err != nil {
		slog.Warn("upload: removing a finished upload's tail", "error", err)
	}
	return nil
}

// promote renames a finished .part to .done durably.
func (s *store) promote(id string) error {
	if err := os.Rename(s.path(id, ".part"), s.path(id, ".done")); err != nil {
		return internalError(err)
	}
	if err := durable.SyncDir(s.cfg.Dir); err != nil {
		return internalError(err)
	}
	return nil
}

// commit moves a .done file into the blob store, tells Hooks.Finished and
// removes the staging file. It is retried by the next HEAD or PATCH if any
// step fails, so it runs without the request's cancellation.
func (s *store) commit(ctx context.Context, up *Upload) error {
	ctx = context.WithoutCancel(ctx)
	key, done := s.cfg.BlobKey(up.ID), s.path(up.ID, ".done")
	if err := s.intoStore(ctx, done, key, up.Size); err != nil {
		return err
	}
	if err := s.cfg.Hooks.Finished(ctx, up.ID, key, up.Size); err != nil {
		return internalError(fmt.Errorf("finished hook: %w", err))
	}
	if err := os.Remove(done); err != nil {
		slog.Error("upload: removing a committed staging file", "path", done, "error", err)
	}
	_ = s.removeTail(up.ID) // left by a crash between promote and its removal
	return nil
}

// intoStore puts a finished staging file into the blob store: by linking it
// when the store is a folder on the same disk (no second copy of the bytes),
// else by copying it.
func (s *store) intoStore(ctx context.Context, done, key string, size int64) error {
	if a, ok := s.cfg.Blobs.(blob.Adopter); ok {
		_, err := a.Adopt(ctx, key, done)
		if err == nil {
			return nil
		}
		if !errors.Is(err, blob.ErrCrossDevice) {
			return storageError(err, size)
		}
	}
	f, err := os.Open(done)
	if err != nil {
		return internalError(err)
	}
	_, err = s.cfg.Blobs.Put(ctx, key, f)
	f.Close()
	if err != nil {
		return storageError(err, size)
	}
	return nil
}

// sweepTemp removes staging files whose creation never completed.
func (s *store) sweepTemp() error {
	entries, err := os.ReadDir(s.cfg.Dir)
	if err != nil {
		return fmt.Errorf("upload: reading the staging folder %s: %w", s.cfg.Dir, err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			_ = os.Remove(filepath.Join(s.cfg.Dir, e.Name()))
		}
	}
	return nil
}
