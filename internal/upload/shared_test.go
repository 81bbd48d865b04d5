package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/blob/blobtest"
	dbstore "github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

// cluster is two upload servers ("A" and "B") over one PostgreSQL
// database and one versitygw bucket, as two attune serve processes are.
type cluster struct {
	t     *testing.T
	db    *dbstore.DB
	blobs blob.Store
	hooks *testHooks
	srv   [2]*httptest.Server
	locks [2]*watchedLocker
}

// watchedLocker is the server's own Locker that also tells the test each
// time a request of that server took an upload's lock.
type watchedLocker struct {
	Locker
	taken chan string
}

func (w *watchedLocker) TryLock(ctx context.Context, id string) (func(), bool, error) {
	unlock, ok, err := w.Locker.TryLock(ctx, id)
	if ok {
		select {
		case w.taken <- id:
		default: // nobody is watching: other tests lock many times
		}
	}
	return unlock, ok, err
}

// waitLocked waits until a request on server holds the lock of upload id.
func (c *cluster) waitLocked(server int, id string) {
	c.t.Helper()
	for {
		select {
		case got := <-c.locks[server].taken:
			if got == id {
				return
			}
		case <-time.After(2 * time.Minute):
			c.t.Fatalf("no request on server %d took the lock of %s", server, id)
		}
	}
}

func newCluster(t *testing.T) *cluster { return newClusterOver(t, nil) }

// newClusterOver is newCluster with the bucket's store seen through wrap.
func newClusterOver(t *testing.T, wrap func(blob.Store) blob.Store) *cluster {
	db := storetest.Postgres(t)
	gw := blobtest.Start(t)
	_, blobs := gw.Bucket(t)
	if wrap != nil {
		blobs = wrap(blobs)
	}
	c := &cluster{t: t, db: db, blobs: blobs, hooks: newTestHooks()}
	for i := range c.srv {
		c.locks[i] = &watchedLocker{Locker: DBLocker(db), taken: make(chan string, 64)}
		h, err := New(Config{Dir: t.TempDir(), Blobs: blobs, Hooks: c.hooks, Parts: DBParts(db), Locks: c.locks[i],
			BlobKey: func(id string) string { return "recordings/" + id + ".enc" }})
		if err != nil {
			t.Fatal(err)
		}
		c.srv[i] = httptest.NewServer(h)
		t.Cleanup(c.srv[i].Close)
	}
	return c
}

func (c *cluster) url(server int, id string) string {
	return c.srv[server].URL + "/api/v1/uploads/" + id
}

// send PATCHes src[from:to] to server in requests of chunk bytes.
func (c *cluster) send(server int, id string, src []byte, from, to, chunk int) {
	c.t.Helper()
	for off := from; off < to; {
		end := min(to, off+chunk)
		status, acked, msg := patchURL(c.t, c.url(server, id), int64(off), bytes.NewReader(src[off:end]), int64(end-off))
		if status != http.StatusNoContent || acked != int64(end) {
			c.t.Fatalf("PATCH %d..%d on server %d: %d, offset %d: %s", off, end, server, status, acked, msg)
		}
		off = end
	}
}

// checkComplete asserts the recording decrypts to src, Finished ran
// once and nothing staged is left in the bucket or the database.
func (c *cluster) checkComplete(up *Upload, src []byte) {
	c.t.Helper()
	obj, err := c.blobs.Open(context.Background(), "recordings/"+up.ID+".enc")
	if err != nil {
		c.t.Fatalf("recording of %s: %v", up.ID, err)
	}
	defer obj.Close()
	rd, err := vault.NewReader(obj, obj.Size(), up.Key, up.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	got, err := io.ReadAll(rd)
	if err != nil || sha256.Sum256(got) != sha256.Sum256(src) {
		c.t.Fatalf("stored recording (%d bytes, %v) is not the source (%d bytes)", len(got), err, len(src))
	}
	if n := c.hooks.finishedCount(up.ID); n != 1 {
		c.t.Fatalf("Finished called %d times, want 1", n)
	}
	if keys, _ := c.blobs.List(context.Background(), stagingPrefix); len(keys) != 0 {
		c.t.Fatalf("staged objects left: %v", keys)
	}
	if parts, _ := c.db.UploadParts(context.Background(), up.ID); len(parts) != 0 {
		c.t.Fatalf("part records left: %v", parts)
	}
}

// Half of an upload PATCHed to server A, the rest to server B: B's HEAD
// knows A's offset, and the stored file is byte-identical.
func TestUploadContinuesOnAnotherServer(t *testing.T) {
	c := newCluster(t)
	src := source(9<<20+4321, 11)
	up := c.hooks.add("cross", int64(len(src)))
	half := len(src) / 2
	c.send(0, up.ID, src, 0, half, 3<<20)
	for server := range 2 {
		if status, off := headURL(t, c.url(server, up.ID)); status != 200 || off != int64(half) {
			t.Fatalf("HEAD on server %d: %d offset %d, want %d", server, status, off, half)
		}
	}
	c.send(1, up.ID, src, half, len(src), 2<<20)
	c.checkComplete(up, src)
	if status, off := headURL(t, c.url(0, up.ID)); status != 200 || off != int64(len(src)) {
		t.Fatalf("HEAD on A after B finished: %d %d", status, off)
	}
}

// PATCHes smaller than a vault chunk (64 KiB) each advance the offset,
// alternating between the servers.
func TestSmallPatchesAdvance(t *testing.T) {
	c := newCluster(t)
	src := source(5*vault.ChunkSize/2+7, 12)
	up := c.hooks.add("small", int64(len(src)))
	for off, i := 0, 0; off < len(src); i++ {
		end := min(len(src), off+10_000)
		c.send(i%2, up.ID, src, off, end, 10_000)
		if _, got := headURL(t, c.url((i+1)%2, up.ID)); got != int64(end) {
			t.Fatalf("after a %d-byte PATCH to %d the other server says %d", end-off, end, got)
		}
		off = end
	}
	c.checkComplete(up, src)
}

// Two PATCHes for one upload at once on two servers: one wins, the other
// is answered 409, and the stored file is intact.
func TestConcurrentPatchOnTwoServers(t *testing.T) {
	c := newCluster(t)
	src := source(4<<20, 13)
	up := c.hooks.add("race", int64(len(src)))
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	var first int
	wg.Go(func() { first, _, _ = patchURL(t, c.url(0, up.ID), 0, pr, int64(len(src))) })
	pw.Write(src[:1<<20])
	// Wait for A's request to hold the upload, without asking B: a request
	// to B would itself take the lock for a moment, and A, arriving then,
	// would rightly be answered 409.
	c.waitLocked(0, up.ID)
	status, _, msg := patchURL(t, c.url(1, up.ID), 0, bytes.NewReader(src), int64(len(src)))
	if status != http.StatusConflict {
		t.Fatalf("PATCH on B while A is receiving: %d %s, want 409", status, msg)
	}
	pw.Write(src[1<<20:])
	pw.Close()
	wg.Wait()
	if first != http.StatusNoContent {
		t.Fatalf("PATCH on A: %d", first)
	}
	if status, _, _ := patchURL(t, c.url(1, up.ID), 0, bytes.NewReader(src), int64(len(src))); status == http.StatusNoContent {
		t.Fatal("a late PATCH from offset 0 was accepted after the upload finished")
	}
	c.checkComplete(up, src)
}

// A join interrupted after every part arrived (Finished failing stands
// for a crash) is completed by a HEAD on the other server.
func TestInterruptedJoinCompletesOnOtherServer(t *testing.T) {
	c := newCluster(t)
	src := source(3<<20+5, 14)
	up := c.hooks.add("join", int64(len(src)))
	c.hooks.failNext = true
	if status, _, _ := patchURL(t, c.url(0, up.ID), 0, bytes.NewReader(src), int64(len(src))); status != 500 {
		t.Fatalf("PATCH with failing Finished: %d, want 500", status)
	}
	if status, off := headURL(t, c.url(1, up.ID)); status != 200 || off != int64(len(src)) {
		t.Fatalf("HEAD on B: %d %d", status, off)
	}
	c.checkComplete(up, src)
}

// A part a dead server stored but never recorded is swept once stale;
// recorded parts and fresh objects stay.
func TestSweepRemovesOnlyStaleUnrecordedParts(t *testing.T) {
	c := newCluster(t)
	src := source(200_000, 15)
	up := c.hooks.add("sweep", int64(len(src)))
	c.send(0, up.ID, src, 0, 100_000, 100_000)
	ctx := context.Background()
	stale := partKey(up.ID, 100_000, time.Now().Add(-2*staleAfter))
	fresh := partKey(up.ID, 100_000, time.Now())
	for _, k := range []string{stale, fresh} {
		if _, err := c.blobs.Put(ctx, k, bytes.NewReader([]byte("orphan"))); err != nil {
			t.Fatal(err)
		}
	}
	st := &store{cfg: Config{Blobs: c.blobs, Parts: DBParts(c.db)}}
	if n := st.sweepStaged(ctx, staleAfter); n != 1 {
		t.Fatalf("sweep removed %d objects, want 1", n)
	}
	keys, _ := c.blobs.List(ctx, stagingPrefix)
	// the first PATCH's: a slice of its whole chunks and a part of the rest
	if len(keys) != 3 || !slices.Contains(keys, fresh) || slices.Contains(keys, stale) {
		t.Fatalf("after the sweep: %v", keys)
	}
	c.blobs.Delete(ctx, fresh)
	c.send(1, up.ID, src, 100_000, len(src), 100_000)
	c.checkComplete(up, src)
}

// Odd sizes and request sizes, alternating servers, all complete; an
// empty upload completes on its first HEAD.
func TestSharedOddSizes(t *testing.T) {
	c := newCluster(t)
	for i, tc := range []struct{ size, chunk int }{
		{0, 1}, {1, 1}, {65536, 65536}, {65536 * 3, 65536}, {200_000, 65537}, {200_001, 199_999}, {3<<20 + 17, 1 << 20},
	} {
		src := source(tc.size, uint64(tc.size))
		up := c.hooks.add(fmt.Sprintf("odd%d", i), int64(tc.size))
		for off, n := 0, 0; off < tc.size; n++ {
			end := min(tc.size, off+tc.chunk)
			c.send(n%2, up.ID, src, off, end, tc.chunk)
			off = end
		}
		if status, off := headURL(t, c.url(1, up.ID)); status != 200 || off != int64(tc.size) {
			t.Fatalf("size %d: HEAD %d %d", tc.size, status, off)
		}
		c.checkComplete(up, src)
	}
}

// A recording deleted while its upload is under way: its staged parts
// and their records go, and nothing else.
func TestDiscardParts(t *testing.T) {
	c := newCluster(t)
	src := source(300_000, 17)
	gone, kept := c.hooks.add("gone", int64(len(src))), c.hooks.add("kept", int64(len(src)))
	c.send(0, gone.ID, src, 0, 150_000, 50_000)
	c.send(1, kept.ID, src, 0, 100_000, 100_000)
	ctx := context.Background()
	if err := DiscardParts(ctx, c.blobs, DBParts(c.db), gone.ID); err != nil {
		t.Fatal(err)
	}
	if keys, _ := c.blobs.List(ctx, stagingPrefix+gone.ID+"/"); len(keys) != 0 {
		t.Fatalf("staged objects of the deleted upload left: %v", keys)
	}
	if parts, _ := c.db.UploadParts(ctx, gone.ID); len(parts) != 0 {
		t.Fatalf("part records of the deleted upload left: %v", parts)
	}
	c.send(0, kept.ID, src, 100_000, len(src), 100_000)
	c.checkComplete(kept, src)
}

// More bytes than declared, in a chunked body: 413, the upload does not
// complete and its offset stays within the size; it then completes.
func TestSharedOversizeIsRefused(t *testing.T) {
	c := newCluster(t)
	src := source(300_000, 18)
	up := c.hooks.add("big", 200_000)
	c.send(0, up.ID, src, 0, 50_000, 50_000)
	if status, _, _ := patchURL(t, c.url(1, up.ID), 50_000, io.MultiReader(bytes.NewReader(src[50_000:])), -1); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked body over size: %d, want 413", status)
	}
	if n := c.hooks.finishedCount(up.ID); n != 0 {
		t.Fatal("an oversized body completed the upload")
	}
	_, off := headURL(t, c.url(0, up.ID))
	if off < 50_000 || off >= 200_000 {
		t.Fatalf("offset after the refused body: %d", off)
	}
	c.send(1, up.ID, src, int(off), 200_000, 64_000)
	c.checkComplete(up, src[:200_000])
}
