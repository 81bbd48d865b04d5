package blob

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Composer is a Store that can make an object of other objects put end to
// end on the service itself, without the bytes passing through this
// process (S3: a multipart upload of server-side copies).
type Composer interface {
	// Compose writes the objects srcs, in order, as the object dst,
	// atomically as Put does. Every source but the last must hold at least
	// MinComposePart bytes.
	Compose(ctx context.Context, dst string, srcs []string) error
}

// MinComposePart is the smallest object Compose takes, but for the last
// (S3's smallest multipart part).
const MinComposePart = 5 << 20

// ErrCompose reports sources Compose cannot join (too many, or too small).
var ErrCompose = errors.New("blob: these objects cannot be joined on the service")

// Compose joins srcs into dst with one CopyObject, or a multipart upload
// whose parts are UploadPartCopy of each source; a failed multipart
// upload is aborted, leaving no parts behind.
func (s *S3) Compose(ctx context.Context, dst string, srcs []string) error {
	if err := CheckKey(dst); err != nil {
		return err
	}
	if len(srcs) == 0 || len(srcs) > maxParts {
		return fmt.Errorf("%w: %d sources", ErrCompose, len(srcs))
	}
	for _, k := range srcs {
		if err := CheckKey(k); err != nil {
			return err
		}
	}
	s.versions.drop(dst)
	if len(srcs) == 1 {
		_, err := s.client.CopyObject(ctx, &s3.CopyObjectInput{Bucket: &s.bucket, Key: &dst, CopySource: s.copySource(srcs[0])})
		if err != nil {
			return s.s3Error("copy", srcs[0], err)
		}
		return nil
	}
	up, err := s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &s.bucket, Key: &dst})
	if err != nil {
		return s.s3Error("compose", dst, err)
	}
	parts := make([]types.CompletedPart, 0, len(srcs))
	for i, k := range srcs {
		n := aws.Int32(int32(i + 1))
		out, e := s.client.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: &s.bucket, Key: &dst, UploadId: up.UploadId,
			PartNumber: n, CopySource: s.copySource(k)})
		if e != nil {
			err = fmt.Errorf("copying %q as part %d: %w", k, i+1, e)
			break
		}
		parts = append(parts, types.CompletedPart{ETag: out.CopyPartResult.ETag, PartNumber: n})
	}
	if err == nil {
		_, err = s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: &s.bucket, Key: &dst,
			UploadId: up.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	}
	if err != nil {
		_, _ = s.client.AbortMultipartUpload(context.WithoutCancel(ctx), &s3.AbortMultipartUploadInput{
			Bucket: &s.bucket, Key: &dst, UploadId: up.UploadId})
		return s.s3Error("compose", dst, err)
	}
	return nil
}

// copySource names an object of this bucket for a server-side copy (keys
// hold only characters that need no escaping, see CheckKey).
func (s *S3) copySource(key string) *string {
	return aws.String(url.PathEscape(s.bucket) + "/" + key)
}
