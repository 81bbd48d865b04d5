package blob

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/attune-vig/attune/internal/blob/s3gw"
)

func TestS3Contract(t *testing.T) {
	gw := startVersitygw(t)
	runContract(t, gw.newBucketStore)
}

func TestS3ObjectChangedWhileReading(t *testing.T) {
	gw := startVersitygw(t)
	s := gw.newBucketStore(t)
	put(t, s, "v", []byte("first version"))
	obj, err := s.Open(context.Background(), "v")
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, "v", []byte("second version, longer"))
	if _, err := obj.ReadAt(make([]byte, 5), 0); !errors.Is(err, ErrChanged) {
		t.Fatalf("ReadAt of an overwritten object: %v, want ErrChanged (reads must not mix two versions)", err)
	}
}

func TestS3MissingBucket(t *testing.T) {
	gw := startVersitygw(t)
	s, err := Open(context.Background(), "s3://no-such-bucket?endpoint="+gw.Endpoint+"&access_key="+s3gw.Access+"&secret_key="+s3gw.Secret)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Put(context.Background(), "k", strings.NewReader("x"))
	if err == nil || !strings.Contains(err.Error(), "no-such-bucket") || errors.Is(err, ErrNotFound) {
		t.Fatalf("Put into a missing bucket: %v", err)
	}
}

func TestS3MultipartPut(t *testing.T) {
	gw := startVersitygw(t)
	s := gw.newBucketStore(t).(*S3)
	s.multipartAbove, s.partSize = 6<<20, 5<<20
	data := randBytes(12<<20+3, 42)
	put(t, s, "big/object", data)
	if got := readAll(t, s, "big/object"); !bytes.Equal(got, data) {
		t.Fatalf("multipart object read back differs (%d bytes of %d)", len(got), len(data))
	}
	bad := failingAt{bytes.NewReader(data), 7 << 20} // the second part fails to read
	if _, err := s.Put(context.Background(), "big/failed", bad); !errors.Is(err, errBoom) {
		t.Fatalf("multipart Put with a failing part: %v, want %v", err, errBoom)
	}
	if _, err := s.Open(context.Background(), "big/failed"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("failed Put left an object: %v", err)
	}
	ups, err := s.client.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: &s.bucket})
	if err != nil || len(ups.Uploads) != 0 {
		t.Fatalf("multipart uploads left after a failed Put: %v, %v", ups, err)
	}
}

// failingAt is a seekable source whose bytes from offset at cannot be read.
type failingAt struct {
	*bytes.Reader
	at int64
}

func (f failingAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.at {
		return 0, errBoom
	}
	return f.Reader.ReadAt(p, off)
}
