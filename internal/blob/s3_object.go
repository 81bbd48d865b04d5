package blob

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// s3Object reads one object version with ranged GETs. Each read sends
// If-Match with the ETag seen at Open, so an object overwritten meanwhile
// gives an error instead of a mix of two versions.
type s3Object struct {
	s    *S3
	ctx  context.Context // from Open; ReadAt has no context of its own
	key  string
	etag string
	size int64
}

// Open looks the object up with HeadObject. ReadAt calls use ctx.
func (s *S3) Open(ctx context.Context, key string) (Object, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	head, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		return nil, s.s3Error("head", key, err)
	}
	o := &s3Object{s: s, ctx: ctx, key: key, etag: aws.ToString(head.ETag), size: aws.ToInt64(head.ContentLength)}
	if o.etag != "" {
		s.versions.put(key, version{etag: o.etag, size: o.size})
	}
	return o, nil
}

// OpenWarm opens an object this store opened before without a request: its
// reads send the ETag then seen (If-Match), so a replaced or removed object
// fails the read, is forgotten, and the next open asks again (warm.go).
func (s *S3) OpenWarm(ctx context.Context, key string) (Object, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	if v, ok := s.versions.get(key); ok {
		return &s3Object{s: s, ctx: ctx, key: key, etag: v.etag, size: v.size}, nil
	}
	return s.Open(ctx, key)
}

func (o *s3Object) Size() int64  { return o.size }
func (o *s3Object) Close() error { return nil }

// Identity names the object's version: its bucket, key and ETag (reads
// are bound to that ETag, so the same identity means the same bytes).
func (o *s3Object) Identity() string {
	if o.etag == "" {
		return ""
	}
	return "s3:" + o.s.bucket + "/" + o.key + "@" + o.etag
}

// ReadAt fetches bytes [off, off+len(p)) with one ranged GET.
func (o *s3Object) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("blob: ReadAt at a negative offset")
	}
	if off >= o.size {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	end := min(off+int64(len(p)), o.size)
	in := &s3.GetObjectInput{Bucket: &o.s.bucket, Key: &o.key, Range: aws.String(fmt.Sprintf("bytes=%d-%d", off, end-1))}
	if o.etag != "" {
		in.IfMatch = &o.etag
	}
	out, err := o.s.client.GetObject(o.ctx, in)
	if err != nil {
		err = o.s.s3Error("get", o.key, err)
		if errors.Is(err, ErrChanged) || errors.Is(err, ErrNotFound) {
			o.s.versions.drop(o.key)
		}
		return 0, err
	}
	defer out.Body.Close()
	n, err := io.ReadFull(out.Body, p[:end-off])
	if err != nil {
		return n, fmt.Errorf("blob: s3 get %q: reading body: %w", o.key, err)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
