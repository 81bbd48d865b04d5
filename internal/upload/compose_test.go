package upload

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/vault"
)

// readCounted is an S3 store that counts the bytes read from it.
type readCounted struct {
	*blob.S3
	read *atomic.Int64
}

func (r readCounted) Open(ctx context.Context, key string) (blob.Object, error) {
	obj, err := r.S3.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	return countedObject{obj, r.read}, nil
}

type countedObject struct {
	blob.Object
	read *atomic.Int64
}

func (o countedObject) ReadAt(p []byte, off int64) (int, error) {
	n, err := o.Object.ReadAt(p, off)
	o.read.Add(int64(n))
	return n, err
}

// TestJoinCopiesSlicesOnS3: an upload sent in PATCHes of whole chunks, to
// two servers in turn, is staged as slices of the recording's file and
// joined on versitygw by server-side copies: the join reads back only the
// joined file's header and final chunk, not the 12 MiB of parts (which the
// reading join does when the PATCHes end inside chunks); both give the
// very bytes sent.
func TestJoinCopiesSlicesOnS3(t *testing.T) {
	var read atomic.Int64
	c := newClusterOver(t, func(s blob.Store) blob.Store { return readCounted{s.(*blob.S3), &read} })
	size, request := 12<<20+17, 6<<20
	for i, chunk := range []int{request, request - 1} {
		src := source(size, uint64(i))
		up := c.hooks.add(fmt.Sprintf("big%d", i), int64(size))
		read.Store(0) // staging only writes: what is read is the join's
		c.send(0, up.ID, src, 0, chunk, chunk)
		c.send(1, up.ID, src, chunk, size, chunk)
		if status, off := headURL(t, c.url(0, up.ID)); status != 200 || off != int64(size) {
			t.Fatalf("HEAD: %d %d", status, off)
		}
		joined := read.Load()
		if n := c.hooks.finishedCount(up.ID); n != 1 {
			t.Fatalf("PATCHes of %d bytes: the upload did not finish (%d)", chunk, n)
		}
		c.checkComplete(up, src)
		switch {
		case chunk%vault.ChunkSize == 0 && joined > 2*vault.ChunkSize:
			t.Fatalf("PATCHes of whole chunks: the join read %d bytes back, want at most the header and final chunk", joined)
		case chunk%vault.ChunkSize != 0 && joined < int64(size):
			t.Fatalf("PATCHes inside chunks: the join read %d bytes, want the %d bytes of its parts", joined, size)
		}
		t.Logf("PATCHes of %d bytes: the join read %d bytes back", chunk, joined)
	}
}
