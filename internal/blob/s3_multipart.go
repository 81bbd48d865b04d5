package blob

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// maxParts is the most parts S3 accepts in one multipart upload.
const maxParts = 10000

// putMultipart uploads b in parts with CRC32 checksums and completes the
// upload, which makes the object visible at once; on failure it aborts the
// upload so no parts linger.
func (s *S3) putMultipart(ctx context.Context, key string, b io.ReaderAt, size int64) error {
	up, err := s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: &s.bucket, Key: &key, ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
	})
	if err != nil {
		return err
	}
	parts, err := s.uploadParts(ctx, key, up.UploadId, b, size)
	if err == nil {
		_, err = s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
			Bucket: &s.bucket, Key: &key, UploadId: up.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
		})
	}
	if err != nil {
		_, _ = s.client.AbortMultipartUpload(context.WithoutCancel(ctx), &s3.AbortMultipartUploadInput{
			Bucket: &s.bucket, Key: &key, UploadId: up.UploadId,
		})
		return fmt.Errorf("multipart upload: %w", err)
	}
	return nil
}

// uploadParts sends b in order as parts of at least s.partSize bytes.
func (s *S3) uploadParts(ctx context.Context, key string, id *string, b io.ReaderAt, size int64) ([]types.CompletedPart, error) {
	partSize := max(s.partSize, (size+maxParts-1)/maxParts)
	var parts []types.CompletedPart
	for n, off := int32(1), int64(0); off < size; n, off = n+1, off+partSize {
		length := min(partSize, size-off)
		out, err := s.client.UploadPart(ctx, &s3.UploadPartInput{
			Bucket: &s.bucket, Key: &key, UploadId: id, PartNumber: aws.Int32(n),
			Body: io.NewSectionReader(b, off, length), ContentLength: &length,
			ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
		})
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", n, err)
		}
		parts = append(parts, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(n), ChecksumCRC32: out.ChecksumCRC32})
	}
	return parts, nil
}
