package upload

import (
	"bytes"
	"testing"

	"github.com/attune-vig/attune/internal/vault"
)

// A 50 MiB recording in 1 MiB PATCHes, the server killed half way and a
// new one started over the same staging folder: the client resumes with
// HEAD + PATCH and the stored, decrypted bytes hash equal to the source.
func TestUploadResumesAcrossServerRestart(t *testing.T) {
	e := newEnv(t)
	src := source(50<<20, 1)
	up := e.hooks.add("rec50", int64(len(src)))
	e.send(up.ID, src, 1<<20, func(acked int64) bool { return acked >= 25<<20 })
	e.checkNoPlaintext(e.dir)
	_, before := e.head(up.ID)
	e.restart()
	if _, after := e.head(up.ID); after != before {
		t.Fatalf("offset after restart %d, before %d", after, before)
	}
	e.send(up.ID, src, 1<<20, nil)
	e.checkComplete(up, src)
	if status, off := e.head(up.ID); status != 200 || off != int64(len(src)) {
		t.Fatalf("HEAD after completion: %d offset %d", status, off)
	}
	if p := e.hooks.progress; len(p) < 50 || p[len(p)-1] != int64(len(src)) {
		t.Fatalf("progress calls %d, last %v", len(p), p[len(p)-1:])
	}
}

// Odd request sizes, including sizes that are exact multiples of the chunk
// size and an upload that is an exact multiple itself, all complete.
func TestUploadOddSizes(t *testing.T) {
	for _, tc := range []struct{ size, chunk int }{
		{1, 1}, {0, 1}, {65536, 65536}, {65536 * 3, 65536}, {200_000, 65537}, {200_000, 3 * 65536}, {200_001, 199_999}, {3<<20 + 17, 3<<20 + 17},
	} {
		e := newEnv(t)
		src := source(tc.size, uint64(tc.size))
		up := e.hooks.add("odd", int64(tc.size))
		if tc.size > 0 {
			e.send(up.ID, src, tc.chunk, nil)
		} else if status, off := e.head(up.ID); status != 200 || off != 0 {
			t.Fatalf("empty upload HEAD: %d %d", status, off)
		}
		if got := e.stored(up); !bytes.Equal(got, src) {
			t.Fatalf("size %d in %d-byte requests: stored %d bytes, not the source", tc.size, tc.chunk, len(got))
		}
		if e.hooks.finishedCount(up.ID) != 1 {
			t.Fatalf("size %d: Finished called %d times", tc.size, e.hooks.finishedCount(up.ID))
		}
	}
}

// If Finished fails, the next HEAD retries it; the upload completes once.
func TestUploadRetriesFinishedHook(t *testing.T) {
	e := newEnv(t)
	src := source(300_000, 3)
	up := e.hooks.add("retry", int64(len(src)))
	e.hooks.failNext = true
	status, _, _ := e.patch(up.ID, 0, bytes.NewReader(src), int64(len(src)))
	if status != 500 {
		t.Fatalf("PATCH with failing Finished: %d, want 500", status)
	}
	if status, off := e.head(up.ID); status != 200 || off != int64(len(src)) {
		t.Fatalf("HEAD retrying the commit: %d offset %d", status, off)
	}
	e.checkComplete(up, src)
}

// PATCHes smaller than a vault chunk (64 KiB) each advance the offset,
// also across a server restart between them.
func TestSmallPatchesAdvanceLocally(t *testing.T) {
	e := newEnv(t)
	src := source(5*vault.ChunkSize/2+7, 16)
	up := e.hooks.add("small", int64(len(src)))
	restarted := false
	e.send(up.ID, src, 10_000, func(acked int64) bool {
		if acked < 70_000 || restarted {
			return false
		}
		restarted = true
		return true
	})
	_, before := e.head(up.ID)
	e.restart()
	if _, after := e.head(up.ID); after != before || before%vault.ChunkSize == 0 {
		t.Fatalf("offset %d before the restart, %d after", before, after)
	}
	e.send(up.ID, src, 10_000, nil)
	e.checkComplete(up, src)
}
