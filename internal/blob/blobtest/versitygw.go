// Package blobtest gives tests of other packages a real S3 store: a
// versitygw gateway (s3gw) with a fresh bucket per test.
package blobtest

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/blob/s3gw"
)

// Gateway is a running versitygw.
type Gateway struct{ *s3gw.Gateway }

// Start runs versitygw for the test (see s3gw.Start).
func Start(t testing.TB) *Gateway { return &Gateway{s3gw.Start(t)} }

// Bucket creates a fresh bucket and returns its s3:// URL (as attune's
// --blob-url takes it) and a store over it.
func (g *Gateway) Bucket(t testing.TB) (string, blob.Store) {
	t.Helper()
	_, url := g.BucketURL()
	st, err := blob.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.(*blob.S3).CreateBucket(context.Background()); err != nil {
		t.Fatal(err)
	}
	return url, st
}
