// Package s3gw starts a real versitygw S3 gateway for tests, the blob
// package's own among them (so it does not import blob).
package s3gw

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The gateway's credentials.
const (
	Access = "attune-test-access"
	Secret = "attune-test-secret-0123456789"
)

// Gateway is a versitygw process serving a posix directory.
type Gateway struct {
	Endpoint string
	buckets  atomic.Int64
}

// Binary finds versitygw in ATTUNE_TEST_VERSITYGW or PATH. Without it the
// test is skipped, or fails when CI=true or ATTUNE_REQUIRE_ALL=1.
func Binary(t testing.TB) string {
	if bin := os.Getenv("ATTUNE_TEST_VERSITYGW"); bin != "" {
		return bin
	}
	if bin, err := exec.LookPath("versitygw"); err == nil {
		return bin
	}
	msg := "versitygw not found: run scripts/versitygw.sh and set ATTUNE_TEST_VERSITYGW to the path it prints"
	if os.Getenv("CI") == "true" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// Start runs versitygw on a free 127.0.0.1 port over a temporary
// directory and stops it when the test ends.
func Start(t testing.TB) *Gateway {
	t.Helper()
	bin := Binary(t)
	addr := freeAddr(t)
	var out lockedBuffer
	cmd := exec.Command(bin, "--access", Access, "--secret", Secret, "--port", addr, "--quiet", "posix", t.TempDir())
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	for deadline := time.Now().Add(15 * time.Second); ; {
		if conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			conn.Close()
			return &Gateway{Endpoint: "http://" + addr}
		}
		select {
		case <-exited:
			t.Fatalf("versitygw exited at start: %s", out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not listen on %s within 15s: %s", addr, out.String())
		}
	}
}

// BucketURL names a new bucket (not created yet) and returns its s3://
// URL, as attune's --blob-url takes it.
func (g *Gateway) BucketURL() (name, url string) {
	name = fmt.Sprintf("attune-t-%d-%d", os.Getpid(), g.buckets.Add(1))
	return name, fmt.Sprintf("s3://%s?endpoint=%s&region=us-east-1&path_style=true&access_key=%s&secret_key=%s",
		name, g.Endpoint, Access, Secret)
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// lockedBuffer collects process output from two pipes, bounded.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() < 64<<10 {
		b.buf.Write(p)
	}
	return len(p), nil
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimSpace(b.buf.String())
}
