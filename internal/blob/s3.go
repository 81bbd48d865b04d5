package blob

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3 is a Store in one bucket of an S3-compatible service.
type S3 struct {
	client         *s3.Client
	bucket         string
	tempDir        string
	multipartAbove int64     // objects larger than this use a multipart upload
	partSize       int64     // minimum part size of a multipart upload
	versions       *versions // what Open learned, for OpenWarm (warm.go)
}

// rememberedVersions is how many objects' versions an S3 store keeps.
const rememberedVersions = 4096

// NewS3 returns a store over bucket. tempDir holds the spool file for a
// Put whose reader has no known length ("" means os.TempDir()).
func NewS3(client *s3.Client, bucket, tempDir string) *S3 {
	return &S3{client: client, bucket: bucket, tempDir: tempDir, multipartAbove: 256 << 20, partSize: 64 << 20,
		versions: newVersions(rememberedVersions)}
}

// s3Params are the query parameters an s3:// URL may carry.
var s3Params = map[string]bool{"endpoint": true, "region": true, "path_style": true, "access_key": true, "secret_key": true, "temp_dir": true}

// openS3 builds an S3 store from s3://bucket?endpoint=...&region=...
// &path_style=true[&access_key=...&secret_key=...][&temp_dir=...].
// Credentials come from the URL if given, else from the usual AWS
// environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...).
func openS3(ctx context.Context, u *url.URL) (*S3, error) {
	q := u.Query()
	if err := checkS3URL(u, q); err != nil {
		return nil, err
	}
	pathStyle := true
	if v := q.Get("path_style"); v != "" {
		var err error
		if pathStyle, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("blob: s3 URL: path_style=%q is not true or false", v)
		}
	}
	opts := []func(*config.LoadOptions) error{config.WithRegion(cmpOr(q.Get("region"), "us-east-1"))}
	if ak := q.Get("access_key"); ak != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(ak, q.Get("secret_key"), "")))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("blob: loading S3 configuration: %w", err)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if ep := q.Get("endpoint"); ep != "" {
			o.BaseEndpoint = aws.String(ep)
		}
		o.UsePathStyle = pathStyle
		// Ranged reads carry no whole-object checksum; the bytes are
		// authenticated by package vault instead. This also keeps the SDK
		// from logging "Response has no supported checksum" on every read.
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return NewS3(client, u.Host, q.Get("temp_dir")), nil
}

// checkS3URL rejects URLs with a missing bucket, a path or unknown parameters.
func checkS3URL(u *url.URL, q url.Values) error {
	if u.Host == "" || (u.Path != "" && u.Path != "/") {
		return errors.New("blob: s3 URL must look like s3://bucket?endpoint=https://host&region=...; a bucket name is required and key prefixes are not supported")
	}
	for k := range q {
		if !s3Params[k] {
			return fmt.Errorf("blob: s3 URL has unknown parameter %q; known: endpoint, region, path_style, access_key, secret_key, temp_dir", k)
		}
	}
	if (q.Get("access_key") == "") != (q.Get("secret_key") == "") {
		return errors.New("blob: s3 URL: give both access_key and secret_key, or neither (then AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are used)")
	}
	return nil
}

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// s3Error maps SDK errors to ErrNotFound or a message naming the bucket.
func (s *S3) s3Error(op, key string, err error) error {
	var nsk *types.NoSuchKey
	var nf *types.NotFound
	var api smithy.APIError
	switch {
	case errors.As(err, &nsk), errors.As(err, &nf):
		return fmt.Errorf("%w: %q", ErrNotFound, key)
	case errors.As(err, &api) && (api.ErrorCode() == "NoSuchKey" || api.ErrorCode() == "NotFound"):
		return fmt.Errorf("%w: %q", ErrNotFound, key)
	case errors.As(err, &api) && api.ErrorCode() == "PreconditionFailed":
		return fmt.Errorf("%w: %q", ErrChanged, key)
	case errors.As(err, &api) && api.ErrorCode() == "NoSuchBucket":
		return fmt.Errorf("blob: s3 bucket %q does not exist; create it or fix the storage URL: %w", s.bucket, err)
	}
	return fmt.Errorf("blob: s3 %s %q in bucket %q: %w", op, key, s.bucket, err)
}

// Delete removes the object; S3 reports success for a missing key too.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	s.versions.drop(key)
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil && !errors.Is(s.s3Error("delete", key, err), ErrNotFound) {
		return s.s3Error("delete", key, err)
	}
	return nil
}

// List returns the keys under prefix, sorted (S3 lists in byte order).
func (s *S3) List(ctx context.Context, prefix string) ([]string, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	keys := []string{}
	pages := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: &prefix})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, s.s3Error("list", prefix, err)
		}
		for _, obj := range page.Contents {
			keys = append(keys, aws.ToString(obj.Key))
		}
	}
	return keys, nil
}
