package blob

import (
	"context"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// body is an upload source of known size.
type body interface {
	io.ReadSeeker
	io.ReaderAt
}

// Put uploads r with one PutObject, or a multipart upload above
// s.multipartAbove bytes; S3 makes either visible atomically. A reader of
// unknown length is spooled to a temporary file first.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	if err := CheckKey(key); err != nil {
		return 0, err
	}
	b, size, cleanup, err := s.sized(ctx, key, r)
	if err != nil {
		return 0, err
	}
	defer cleanup()
	s.versions.drop(key)
	if size > s.multipartAbove {
		err = s.putMultipart(ctx, key, b, size)
	} else {
		_, err = s.client.PutObject(ctx, &s3.PutObjectInput{Bucket: &s.bucket, Key: &key, Body: b, ContentLength: &size})
	}
	if err != nil {
		return 0, s.s3Error("put", key, err)
	}
	return size, nil
}

// sized returns r as a seekable body of known size: directly when r can
// read at offsets and seek, else through a spool file removed by cleanup.
func (s *S3) sized(ctx context.Context, key string, r io.Reader) (body, int64, func(), error) {
	if ra, ok := r.(interface {
		io.ReaderAt
		io.Seeker
	}); ok {
		cur, err1 := ra.Seek(0, io.SeekCurrent)
		end, err2 := ra.Seek(0, io.SeekEnd)
		if err1 == nil && err2 == nil {
			return io.NewSectionReader(ra, cur, end-cur), end - cur, func() {}, nil
		}
	}
	return s.spool(ctx, key, r)
}

// spool copies r to a temporary file and rewinds it.
func (s *S3) spool(ctx context.Context, key string, r io.Reader) (body, int64, func(), error) {
	f, err := os.CreateTemp(s.tempDir, "attune-s3-put-*")
	if err != nil {
		return nil, 0, nil, describe("spooling", key, err)
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		cleanup()
		return nil, 0, nil, describe("spooling", key, err)
	}
	return f, n, cleanup, nil
}
