package vault

import (
	"io"
	"sync"
)

// Source is an encrypted file to read: its bytes at offsets, and how many.
// A Source that also has Identity() string names the exact version it
// reads (blob.Identified): the same identity means the same bytes.
type Source interface {
	io.ReaderAt
	Size() int64
}

type identified interface{ Identity() string }

// OpenSource opens src as NewReader does. When src names its version, the
// header and final chunk checked on the first open are remembered for that
// version and file id, and a later open of the same version reads nothing:
// on an object store a warm Range read is then one request, for the bytes
// it wants. Nothing is trusted that a read does not check again: every
// chunk read is authenticated, bound to the header, its position, the end
// of the file and the file id, and the version (S3: If-Match) guarantees
// the size and final chunk are those checked before.
func OpenSource(src Source, key FileKey, fileID string) (*Reader, error) {
	id := ""
	if s, ok := src.(identified); ok && s.Identity() != "" {
		id = s.Identity() + "\x00" + fileID
	}
	if h, ok := opened.get(id); ok {
		return readerWithHeader(src, src.Size(), key, fileID, h)
	}
	r, err := NewReader(src, src.Size(), key, fileID)
	if err != nil || id == "" {
		return r, err
	}
	opened.put(id, r.cc.header())
	return r, nil
}

// opened remembers the checked headers of recently opened versions.
var opened = &openedHeaders{max: 4096, byID: map[string][]byte{}}

type openedHeaders struct {
	mu    sync.Mutex
	max   int
	byID  map[string][]byte
	order []string
}

func (o *openedHeaders) get(id string) ([]byte, bool) {
	if id == "" {
		return nil, false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	h, ok := o.byID[id]
	return h, ok
}

func (o *openedHeaders) put(id string, h []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.byID[id]; !ok {
		o.order = append(o.order, id)
	}
	o.byID[id] = h
	for len(o.byID) > o.max {
		delete(o.byID, o.order[0])
		o.order = o.order[1:]
	}
}
