package blob

import (
	"context"
	"sync"
)

// Warm opens: on an object store, opening an object asks the service for
// its size and version (one request) before the first read (another). A
// store that remembers what it learned can open an object it opened before
// without asking: the reads still name the version they expect (S3:
// If-Match), so an object replaced or removed meanwhile fails the read with
// ErrChanged or ErrNotFound, and the next open asks again.
//
// Only readers use warm opens (playback, processing, film and family
// files). Checks whether an object exists or is intact (uploads, backups)
// use Store.Open, which always asks.

// WarmOpener is a Store that can open an object from what it remembers.
type WarmOpener interface {
	OpenWarm(ctx context.Context, key string) (Object, error)
}

// OpenWarm opens key from what s remembers if it can, else with s.Open.
func OpenWarm(ctx context.Context, s Store, key string) (Object, error) {
	if w, ok := s.(WarmOpener); ok {
		return w.OpenWarm(ctx, key)
	}
	return s.Open(ctx, key)
}

// Identified is an Object that names the exact version it reads (the same
// name means the same bytes), so what was verified about it once (package
// vault's header and final chunk) need not be read again.
type Identified interface {
	Identity() string
}

// versions remembers the version (ETag) and size of recently opened
// objects, up to max of them (the oldest forgotten first).
type versions struct {
	mu    sync.Mutex
	max   int
	byKey map[string]version
	order []string
}

type version struct {
	etag string
	size int64
}

func newVersions(max int) *versions { return &versions{max: max, byKey: map[string]version{}} }

func (v *versions) get(key string) (version, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	ver, ok := v.byKey[key]
	return ver, ok
}

func (v *versions) put(key string, ver version) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, ok := v.byKey[key]; !ok {
		v.order = append(v.order, key)
	}
	v.byKey[key] = ver
	for len(v.byKey) > v.max && len(v.order) > 0 {
		delete(v.byKey, v.order[0])
		v.order = v.order[1:]
	}
	if len(v.order) > 2*v.max { // keys forgotten by drop
		live := v.order[:0]
		for _, k := range v.order {
			if _, ok := v.byKey[k]; ok {
				live = append(live, k)
			}
		}
		v.order = live
	}
}

func (v *versions) drop(key string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.byKey, key)
}
