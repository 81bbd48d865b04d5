package upload

import (
	"context"
	"errors"
	"io"
	"sync"

	tusd "github.com/tus/tusd/v2/pkg/handler"
)

// store is tusd's DataStore over encrypted staging files. The handler takes
// the upload's lock before GetUpload, so one request at a time touches an
// upload's session.
type store struct {
	cfg      Config
	mu       sync.Mutex
	sessions map[string]*session // open staging files, by upload id
	bufs     sync.Pool
}

func newStore(cfg Config) *store {
	s := &store{cfg: cfg, sessions: map[string]*session{}}
	s.bufs.New = func() any { b := make([]byte, readSize); return &b }
	return s
}

var errNoCreation = tusd.NewError("ERR_CREATION_DISABLED",
	"Uploads are created through the recordings API (POST /api/v1/cases/{id}/recordings).", 405)

// NewUpload is refused: uploads are created by the JSON API.
func (s *store) NewUpload(context.Context, tusd.FileInfo) (tusd.Upload, error) {
	return nil, errNoCreation
}

// GetUpload returns the upload that Hooks.Lookup authorized for this request.
func (s *store) GetUpload(ctx context.Context, id string) (tusd.Upload, error) {
	up, err := uploadFrom(ctx, id)
	if err != nil {
		return nil, err
	}
	return &upload{s: s, up: up}, nil
}

// upload is tusd's view of one upload.
type upload struct {
	s  *store
	up *Upload
}

func (u *upload) GetInfo(ctx context.Context) (tusd.FileInfo, error) {
	off, err := u.s.offset(ctx, u.up)
	if err != nil {
		return tusd.FileInfo{}, err
	}
	return tusd.FileInfo{ID: u.up.ID, Size: u.up.Size, Offset: off, MetaData: tusd.MetaData{}}, nil
}

func (u *upload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	if u.s.cfg.Parts != nil {
		return u.s.sharedWrite(ctx, u.up, offset, src)
	}
	return u.s.write(ctx, u.up, offset, src)
}

// GetReader is never called: downloads are disabled (recordings are
// served, decrypted, by the recordings API).
func (u *upload) GetReader(context.Context) (io.ReadCloser, error) {
	return nil, tusd.ErrNotImplemented
}

// FinishUpload moves the finished encrypted file into the blob store.
func (u *upload) FinishUpload(ctx context.Context) error {
	if u.s.cfg.Parts != nil {
		return u.s.sharedCommit(ctx, u.up)
	}
	return u.s.commit(ctx, u.up)
}

// offset returns how many bytes of up are safely stored, completing an
// upload whose commit to the blob store was interrupted.
func (s *store) offset(ctx context.Context, up *Upload) (int64, error) {
	if s.cfg.Parts != nil {
		return s.sharedOffset(ctx, up)
	}
	if sess := s.session(up.ID); sess != nil {
		return sess.acked(), nil
	}
	switch st, err := s.state(ctx, up); {
	case err != nil:
		return 0, err
	case st == stateDone:
		return up.Size, s.commit(ctx, up)
	case st == stateComplete:
		return up.Size, nil
	case st == statePart:
		sess, err := s.openSession(ctx, up)
		if err != nil {
			return 0, err
		}
		return sess.acked(), nil
	case up.Size == 0:
		return 0, s.finishEmpty(ctx, up)
	}
	return 0, nil
}

// finishEmpty completes an empty upload, which no PATCH ever will.
func (s *store) finishEmpty(ctx context.Context, up *Upload) error {
	sess, err := s.createSession(up)
	if err == nil {
		err = s.finish(ctx, up, sess)
	}
	if err == nil {
		err = s.commit(ctx, up)
	}
	return err
}

var errClosed = errors.New("upload: session closed")
