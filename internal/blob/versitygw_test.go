package blob

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

const (
	gwAccess = "attune-test-access"
	gwSecret = "attune-test-secret-0123456789"
)

// versitygwBinary finds versitygw in ATTUNE_TEST_VERSITYGW or PATH. Without
// it the test is skipped, or fails when CI=true or ATTUNE_REQUIRE_ALL=1.
func versitygwBinary(t *testing.T) string {
	if bin := os.Getenv("ATTUNE_TEST_VERSITYGW"); bin != "" {
		return bin
	}
	if bin, err := exec.LookPath("versitygw"); err == nil {
		return bin
	}
	msg := "versitygw not found: run scripts/versitygw.sh, then ATTUNE_TEST_VERSITYGW=$(scripts/versitygw.sh path) go test ./internal/blob/"
	if os.Getenv("CI") == "true" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// gateway is a versitygw process serving a posix directory.
type gateway struct {
	endpoint string
	buckets  int
	mu       sync.Mutex
}

// startVersitygw runs versitygw on a free 127.0.0.1 port with a posix
// backend in a temporary directory and stops it when the test ends.
func startVersitygw(t *testing.T) *gateway {
	bin := versitygwBinary(t)
	addr := freeAddr(t)
	var out syncBuffer
	cmd := exec.Command(bin, "--access", gwAccess, "--secret", gwSecret, "--port", addr, "--quiet", "posix", t.TempDir())
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	deadline := time.Now().Add(15 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			return &gateway{endpoint: "http://" + addr}
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

// newBucketStore creates a fresh bucket and returns a store over it.
func (g *gateway) newBucketStore(t *testing.T) Store {
	g.mu.Lock()
	g.buckets++
	bucket := fmt.Sprintf("attune-test-%d", g.buckets)
	g.mu.Unlock()
	url := fmt.Sprintf("s3://%s?endpoint=%s&region=us-east-1&path_style=true&access_key=%s&secret_key=%s",
		bucket, g.endpoint, gwAccess, gwSecret)
	st, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	s3s := st.(*S3)
	if _, err := s3s.client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: &bucket}); err != nil {
		t.Fatalf("creating bucket %s: %v", bucket, err)
	}
	return s3s
}

// freeAddr returns a 127.0.0.1 address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// syncBuffer collects process output from two pipes safely.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 64<<10 {
		return len(p), nil // bounded
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimSpace(b.buf.String())
}
