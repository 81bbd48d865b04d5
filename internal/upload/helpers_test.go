package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/vault"
)

// marker is plaintext planted in test sources; it must never be found in
// the staging folder or the blob store.
var marker = []byte("PLAINTEXT-MARKER-attune-kitchen-table")

// testHooks is a Hooks over a map of uploads.
type testHooks struct {
	mu       sync.Mutex
	uploads  map[string]*Upload
	denied   map[string]bool
	progress []int64
	finished map[string]int
	failNext bool // make the next Finished fail once
}

func newTestHooks() *testHooks {
	return &testHooks{uploads: map[string]*Upload{}, denied: map[string]bool{}, finished: map[string]int{}}
}

func (h *testHooks) add(id string, size int64) *Upload {
	h.mu.Lock()
	defer h.mu.Unlock()
	up := &Upload{ID: id, Size: size, Key: vault.NewFileKey()}
	h.uploads[id] = up
	return up
}

func (h *testHooks) Lookup(_ *http.Request, id string) (*Upload, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.denied[id] {
		return nil, domain.Errorf(domain.EFORBIDDEN, "You may not add to this recording.")
	}
	if up := h.uploads[id]; up != nil {
		return up, nil
	}
	return nil, domain.NotFound("upload")
}

func (h *testHooks) Progress(_ context.Context, _ string, offset, _ int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.progress = append(h.progress, offset)
}

func (h *testHooks) Finished(_ context.Context, id, _ string, _ int64) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failNext {
		h.failNext = false
		return fmt.Errorf("database unavailable")
	}
	h.finished[id]++
	return nil
}

func (h *testHooks) finishedCount(id string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.finished[id]
}

// env is one test server over a staging dir and a local blob store.
type env struct {
	t       testing.TB
	dir     string
	blobs   *blob.Local
	hooks   *testHooks
	reserve int64
	parts   Parts // staging in the blob store, if set
	srv     *httptest.Server
}

func newEnv(t testing.TB) *env {
	root := t.TempDir()
	blobs, err := blob.NewLocal(filepath.Join(root, "blobs"), 0)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, dir: filepath.Join(root, "staging"), blobs: blobs, hooks: newTestHooks()}
	e.restart()
	return e
}

// restart discards the handler (as a killed server would) and serves a
// new one over the same staging dir and blob store.
func (e *env) restart() {
	e.t.Helper()
	if e.srv != nil {
		e.srv.CloseClientConnections()
		e.srv.Close()
	}
	h, err := New(Config{Dir: e.dir, Blobs: e.blobs, BlobKey: func(id string) string { return "recordings/" + id + ".enc" },
		ReserveBytes: e.reserve, Hooks: e.hooks, Parts: e.parts})
	if err != nil {
		e.t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/v1/uploads/", h)
	e.srv = httptest.NewServer(mux)
	e.t.Cleanup(e.srv.Close)
}

func (e *env) url(id string) string { return e.srv.URL + "/api/v1/uploads/" + id }

// head returns the status and Upload-Offset of a HEAD.
func (e *env) head(id string) (int, int64) {
	e.t.Helper()
	return headURL(e.t, e.url(id))
}

// patch sends body at offset and returns the status, the acknowledged
// offset and the response body.
func (e *env) patch(id string, offset int64, body io.Reader, length int64) (int, int64, string) {
	e.t.Helper()
	return patchURL(e.t, e.url(id), offset, body, length)
}

// headURL returns the status and Upload-Offset of a HEAD to url.
func headURL(t testing.TB, url string) (int, int64) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodHead, url, nil)
	req.Header.Set("Tus-Resumable", "1.0.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	off, _ := strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
	return resp.StatusCode, off
}

// patchURL sends body at offset to url and returns the status, the
// acknowledged offset and the response body.
func patchURL(t testing.TB, url string, offset int64, body io.Reader, length int64) (int, int64, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPatch, url, body)
	req.ContentLength = length
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	req.Header.Set("Upload-Offset", strconv.FormatInt(offset, 10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	off, _ := strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
	return resp.StatusCode, off, string(msg)
}

// send uploads src the way tus-js-client does: HEAD for the offset, then
// PATCHes of chunk bytes from it, each continuing from the offset the
// server acknowledged. stop, if set, is asked after each PATCH whether to
// end the session (to simulate the app closing). It returns the number of
// PATCHes.
func (e *env) send(id string, src []byte, chunk int, stop func(acked int64) bool) int {
	e.t.Helper()
	status, off := e.head(id)
	if status != http.StatusOK {
		e.t.Fatalf("HEAD: %d", status)
	}
	n := 0
	for off < int64(len(src)) {
		end := min(int64(len(src)), off+int64(chunk))
		status, acked, msg := e.patch(id, off, bytes.NewReader(src[off:end]), end-off)
		n++
		if status != http.StatusNoContent {
			e.t.Fatalf("PATCH at %d: %d %s", off, status, msg)
		}
		e.checkAck(id, off, end, acked, int64(len(src)))
		off = acked
		if stop != nil && stop(acked) {
			return n
		}
	}
	return n
}

// checkAck asserts that a PATCH was acknowledged in full (however small)
// and that the acknowledged bytes are backed by the staging files: whole
// chunks in the .part file, the rest in the .tail file.
func (e *env) checkAck(id string, from, sent, acked, size int64) {
	e.t.Helper()
	if acked == size || e.parts != nil {
		return
	}
	if acked != sent {
		e.t.Fatalf("PATCH %d..%d acknowledged %d, not all that was sent", from, sent, acked)
	}
	whole := acked - acked%vault.ChunkSize
	fi, err := os.Stat(filepath.Join(e.dir, id+".part"))
	if err != nil || fi.Size() < vault.EncryptedSize(whole)-16 {
		e.t.Fatalf("acknowledged %d but staging file is %v (%v)", acked, fi, err)
	}
	if tail, err := os.Stat(filepath.Join(e.dir, id+".tail")); acked > whole && (err != nil || tail.Size() != vault.EncryptedSize(acked-whole)) {
		e.t.Fatalf("acknowledged %d but the tail file is %v (%v)", acked, tail, err)
	}
}

// stored decrypts the upload's object from the blob store.
func (e *env) stored(up *Upload) []byte {
	e.t.Helper()
	obj, err := e.blobs.Open(context.Background(), "recordings/"+up.ID+".enc")
	if err != nil {
		e.t.Fatalf("blob of %s: %v", up.ID, err)
	}
	defer obj.Close()
	rd, err := vault.NewReader(obj, obj.Size(), up.Key, up.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	got, err := io.ReadAll(rd)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

// checkComplete asserts the stored object decrypts to src (SHA-256), the
// staging file is gone and Finished was called once.
func (e *env) checkComplete(up *Upload, src []byte) {
	e.t.Helper()
	if sha256.Sum256(e.stored(up)) != sha256.Sum256(src) {
		e.t.Fatal("stored recording does not decrypt to the source bytes")
	}
	if n := e.hooks.finishedCount(up.ID); n != 1 {
		e.t.Fatalf("Finished called %d times, want 1", n)
	}
	if left, _ := filepath.Glob(filepath.Join(e.dir, up.ID+"*")); len(left) != 0 {
		e.t.Fatalf("staging files left: %v", left)
	}
	e.checkNoPlaintext(filepath.Dir(e.blobs.Dir()))
}

// checkNoPlaintext greps every file under root for the marker.
func (e *env) checkNoPlaintext(root string) {
	e.t.Helper()
	_ = filepath.Walk(root, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && bytes.Contains(data, marker) {
			e.t.Fatalf("plaintext marker found in %s", path)
		}
		return err
	})
}

// source returns n random bytes with the marker planted every MiB.
func source(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := 0; i+len(marker) <= n; i += 1 << 20 {
		copy(b[i:], marker)
	}
	return b
}
