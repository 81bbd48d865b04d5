package upload

import (
	"context"
	"sync"

	tusd "github.com/tus/tusd/v2/pkg/handler"
)

// Locker gives one request at a time the right to touch an upload.
// TryLock does not wait: a second request for a held upload is answered
// 409 Conflict (errLocked), which tus clients answer with a HEAD and a
// retry from the offset it gives.
type Locker interface {
	TryLock(ctx context.Context, id string) (unlock func(), ok bool, err error)
}

// MemLocker is a Locker for a single process.
type MemLocker struct {
	mu   sync.Mutex
	held map[string]bool
}

// NewMemLocker returns an in-process Locker.
func NewMemLocker() *MemLocker { return &MemLocker{held: map[string]bool{}} }

// TryLock takes the lock of id if it is free.
func (m *MemLocker) TryLock(_ context.Context, id string) (func(), bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.held[id] {
		return nil, false, nil
	}
	m.held[id] = true
	return func() { m.mu.Lock(); delete(m.held, id); m.mu.Unlock() }, true, nil
}

// errLocked answers a request for an upload another request (on this or
// another server) is adding to.
var errLocked = tusd.NewError("ERR_UPLOAD_LOCKED",
	"Another request is adding to this upload right now. Ask for the upload's offset (HEAD) and continue from there.",
	409)

// tusLocker adapts a Locker to tusd's handler.Locker.
type tusLocker struct{ l Locker }

func (t tusLocker) NewLock(id string) (tusd.Lock, error) { return &tusLock{l: t.l, id: id}, nil }

type tusLock struct {
	l      Locker
	id     string
	unlock func()
}

// Lock takes the lock or fails at once with 409 Conflict.
func (k *tusLock) Lock(ctx context.Context, _ func()) error {
	unlock, ok, err := k.l.TryLock(ctx, k.id)
	switch {
	case err != nil:
		return internalError(err)
	case !ok:
		return errLocked
	}
	k.unlock = unlock
	return nil
}

func (k *tusLock) Unlock() error {
	if k.unlock != nil {
		k.unlock()
		k.unlock = nil
	}
	return nil
}
