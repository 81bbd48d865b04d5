package upload

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/vault"
)

// A PATCH whose connection drops part way loses nothing acknowledged:
// HEAD then names an offset within what arrived, and resuming from it
// gives the source bytes.
func TestDroppedConnectionResumes(t *testing.T) {
	e := newEnv(t)
	src := source(8<<20, 5)
	up := e.hooks.add("drop", int64(len(src)))
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "PATCH /api/v1/uploads/drop HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\n"+
		"Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: %d\r\n\r\n", len(src))
	sent := 5<<20 + 12345
	if _, err := conn.Write(src[:sent]); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	off := e.waitUnlocked(up.ID)
	if off > int64(sent) {
		t.Fatalf("after a dropped PATCH HEAD says %d (sent %d)", off, sent)
	}
	e.checkNoPlaintext(e.dir)
	e.send(up.ID, src, 3<<20, nil)
	e.checkComplete(up, src)
}

// waitUnlocked polls HEAD until the dropped request has released the lock.
func (e *env) waitUnlocked(id string) int64 {
	for range 200 {
		if status, off := e.head(id); status == http.StatusOK {
			return off
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatal("upload stayed locked")
	return 0
}

// Two PATCHes to one upload at once: the second is refused (423 Locked or
// 409), the first completes and the data is intact.
func TestConcurrentPatchIsRefused(t *testing.T) {
	e := newEnv(t)
	src := source(2<<20, 6)
	up := e.hooks.add("conc", int64(len(src)))
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	var first int
	wg.Go(func() { first, _, _ = e.patch(up.ID, 0, pr, int64(len(src))) })
	pw.Write(src[:1<<20])
	status, _, _ := e.patch(up.ID, 0, bytes.NewReader(src), int64(len(src)))
	if status != http.StatusLocked && status != http.StatusConflict {
		t.Fatalf("second concurrent PATCH: %d, want 423 or 409", status)
	}
	pw.Write(src[1<<20:])
	pw.Close()
	wg.Wait()
	if first != http.StatusNoContent {
		t.Fatalf("first PATCH: %d", first)
	}
	e.checkComplete(up, src)
}

// More bytes than declared: 413, and nothing beyond the size is stored.
func TestOversizeIsRefused(t *testing.T) {
	e := newEnv(t)
	src := source(300_000, 8)
	up := e.hooks.add("big", 200_000)
	e.send(up.ID, src[:1000], 1000, nil) // a tail that the refused bodies must not lose
	if status, _, _ := e.patch(up.ID, 1000, bytes.NewReader(src[1000:]), int64(len(src)-1000)); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("Content-Length over size: %d, want 413", status)
	}
	// Chunked, so the server only finds out while reading.
	status, _, _ := e.patch(up.ID, 1000, io.MultiReader(bytes.NewReader(src[1000:])), -1)
	if status != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked body over size: %d, want 413", status)
	}
	if e.hooks.finishedCount(up.ID) != 0 {
		t.Fatal("an oversized body completed the upload")
	}
	_, off := e.head(up.ID)
	if off < 1000 || off >= 200_000 || (off != 1000 && off%vault.ChunkSize != 0) {
		t.Fatalf("offset after oversize %d", off)
	}
	e.send(up.ID, src[:200_000], 1<<20, nil)
	e.checkComplete(up, src[:200_000])
}

// Crossing the free-disk reserve: 507 with a message saying how far the
// upload is safe; the staging file stays consistent and the upload
// resumes once space is available.
func TestDiskReserveGives507AndResumes(t *testing.T) {
	e := newEnv(t)
	free := freeBytes(t, e.dir)
	e.reserve = free - 6<<20
	e.restart()
	src := source(24<<20, 9)
	up := e.hooks.add("full", int64(len(src)))
	status, _, msg := e.patch(up.ID, 0, bytes.NewReader(src), int64(len(src)))
	if status != http.StatusInsufficientStorage || !strings.Contains(msg, "The server's disk is full. Your upload is safe up to") ||
		!strings.Contains(msg, "ask your administrator to free space, then resume.") {
		t.Fatalf("PATCH past the reserve: %d %q", status, msg)
	}
	_, off := e.head(up.ID)
	if off%vault.ChunkSize != 0 || off >= int64(len(src)) || !strings.Contains(msg, fmt.Sprintf("(byte %d)", off)) {
		t.Fatalf("HEAD after 507 says %d; message %q", off, msg)
	}
	e.reserve = 0
	e.restart()
	e.send(up.ID, src, 4<<20, nil)
	e.checkComplete(up, src)
}

// The protocol's refusals.
func TestProtocolErrors(t *testing.T) {
	e := newEnv(t)
	e.hooks.add("p", 100)
	e.hooks.add("secret", 100)
	e.hooks.denied["secret"] = true
	tests := []struct {
		name, method, id string
		header           map[string]string
		want             int
	}{
		{"unknown upload", "HEAD", "nope", nil, 404},
		{"not yours", "HEAD", "secret", nil, 403},
		{"bad id", "HEAD", "..", nil, 404},
		{"wrong version", "PATCH", "p", map[string]string{"Tus-Resumable": "0.2.2"}, 412},
		{"wrong content type", "PATCH", "p", map[string]string{"Content-Type": "text/plain"}, 415},
		{"wrong offset", "PATCH", "p", map[string]string{"Upload-Offset": "7"}, 409},
		{"creation", "POST", "p", nil, 405},
		{"download", "GET", "p", nil, 405},
		{"options", "OPTIONS", "p", nil, 200},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest(tc.method, e.url(tc.id), strings.NewReader("x"))
		for k, v := range map[string]string{"Tus-Resumable": "1.0.0", "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"} {
			req.Header.Set(k, v)
		}
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
		if tc.method == "OPTIONS" && resp.Header.Get("Tus-Version") != "1.0.0" {
			t.Errorf("OPTIONS without Tus-Version")
		}
	}
}
