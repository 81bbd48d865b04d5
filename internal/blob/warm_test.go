package blob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/attune-vig/attune/internal/vault"
)

// countingHTTP counts the requests an S3 client sends, and the body bytes
// it receives.
type countingHTTP struct {
	inner s3.HTTPClient
	mu    sync.Mutex
	reqs  []string // "METHOD range"
	read  int64
}

func (c *countingHTTP) Do(r *http.Request) (*http.Response, error) {
	res, err := c.inner.Do(r)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reqs = append(c.reqs, strings.TrimSpace(r.Method+" "+r.Header.Get("Range")))
	if err == nil && r.Method == http.MethodGet {
		c.read += max(res.ContentLength, 0)
	}
	return res, err
}

// take returns the requests since the last take, and the bytes received.
func (c *countingHTTP) take() ([]string, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	reqs, n := c.reqs, c.read
	c.reqs, c.read = nil, 0
	return reqs, n
}

// counted makes s send its requests through a counter.
func counted(s *S3) *countingHTTP {
	opts := s.client.Options()
	c := &countingHTTP{inner: opts.HTTPClient}
	s.client = s3.New(opts, func(o *s3.Options) { o.HTTPClient = c })
	return c
}

// sharedBucket returns two stores over one new bucket, as two servers have.
func (g *gateway) sharedBucket(t *testing.T) (*S3, *S3) {
	_, url := g.BucketURL()
	var out [2]*S3
	for i := range out {
		st, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = st.(*S3)
	}
	if err := out[0].CreateBucket(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out[0], out[1]
}

func putSealed(t *testing.T, s Store, key string, fk vault.FileKey, data []byte) {
	t.Helper()
	_, err := vault.PutSealed(bytes.NewReader(data), fk, "file", func(r io.Reader) error {
		_, err := s.Put(context.Background(), key, r)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readWarm opens key warm, decrypts n bytes at off.
func readWarm(s Store, key string, fk vault.FileKey, off, n int64) ([]byte, error) {
	obj, err := OpenWarm(context.Background(), s, key)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	rd, err := vault.OpenSource(obj, fk, "file")
	if err != nil {
		return nil, err
	}
	p := make([]byte, n)
	_, err = rd.ReadAt(p, off)
	return p, err
}

// TestS3WarmRangeReadIsOneRequest: the first Range read of an encrypted
// object asks for its version, header and final chunk; every later one on
// versitygw is one ranged GET of the chunks it wants. An object replaced
// or removed by another server fails the warm read (ErrChanged,
// ErrNotFound), and the next open reads the new version.
func TestS3WarmRangeReadIsOneRequest(t *testing.T) {
	gw := startVersitygw(t)
	s, other := gw.sharedBucket(t)
	count := counted(s)
	fk, data := vault.NewFileKey(), randBytes(3<<20, 9)
	putSealed(t, s, "files/film", fk, data)
	count.take()
	got, err := readWarm(s, "files/film", fk, 1_500_000, 100)
	if err != nil || !bytes.Equal(got, data[1_500_000:1_500_100]) {
		t.Fatalf("cold read: %v", err)
	}
	cold, _ := count.take()
	for i, off := range []int64{2_000_000, 70_000, 3<<20 - 100} {
		got, err := readWarm(s, "files/film", fk, off, 100)
		if err != nil || !bytes.Equal(got, data[off:off+100]) {
			t.Fatalf("warm read %d: %v", i, err)
		}
		reqs, n := count.take()
		if len(reqs) != 1 || !strings.HasPrefix(reqs[0], "GET bytes=") || n > 2*(64<<10) {
			t.Fatalf("warm read %d at %d: requests %q (%d bytes), want one ranged GET of at most two chunks (the cold read took %q)", i, off, reqs, n, cold)
		}
	}
	t.Logf("a 100-byte Range read: %d requests cold %q, 1 warm", len(cold), cold)

	fresh := randBytes(1<<20, 10)
	putSealed(t, other, "files/film", fk, fresh)
	if _, err := readWarm(s, "files/film", fk, 0, 100); !errors.Is(err, ErrChanged) {
		t.Fatalf("warm read of an object another server replaced: %v, want ErrChanged", err)
	}
	if got, err := readWarm(s, "files/film", fk, 500_000, 100); err != nil || !bytes.Equal(got, fresh[500_000:500_100]) {
		t.Fatalf("read after the change: %v", err)
	}
	if err := other.Delete(context.Background(), "files/film"); err != nil {
		t.Fatal(err)
	}
	if _, err := readWarm(s, "files/film", fk, 0, 100); !errors.Is(err, ErrNotFound) {
		t.Fatalf("warm read of an object another server removed: %v, want ErrNotFound", err)
	}
	if _, err := s.OpenWarm(context.Background(), "files/film"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("open after the removal was seen: %v, want ErrNotFound", err)
	}
}

// TestS3Compose joins objects on versitygw without reading them: one is a
// copy, several a multipart upload of part copies; the result reads back
// whole, and the store received none of the sources' bytes.
func TestS3Compose(t *testing.T) {
	gw := startVersitygw(t)
	s, _ := gw.sharedBucket(t)
	a, b, c := randBytes(MinComposePart, 1), randBytes(MinComposePart+3, 2), randBytes(1000, 3)
	put(t, s, "parts/a", a)
	put(t, s, "parts/b", b)
	put(t, s, "parts/c", c)
	count := counted(s)
	if err := s.Compose(context.Background(), "joined/one", []string{"parts/c"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Compose(context.Background(), "joined/three", []string{"parts/a", "parts/b", "parts/c"}); err != nil {
		t.Fatal(err)
	}
	reqs, n := count.take()
	if n != 0 || len(reqs) != 6 {
		t.Fatalf("composing sent %q and received %d bytes, want 6 requests and no bytes", reqs, n)
	}
	if got := readAll(t, s, "joined/one"); !bytes.Equal(got, c) {
		t.Fatal("the copy differs")
	}
	if got := readAll(t, s, "joined/three"); !bytes.Equal(got, append(append(append([]byte(nil), a...), b...), c...)) {
		t.Fatal("the joined object differs from its parts end to end")
	}
	if err := s.Compose(context.Background(), "joined/bad", []string{"parts/c", "parts/a"}); err == nil {
		t.Fatal("composing with a small first part succeeded")
	}
	if _, err := s.Open(context.Background(), "joined/bad"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a failed compose left an object: %v", err)
	}
}
