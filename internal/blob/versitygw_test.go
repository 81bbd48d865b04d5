package blob

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/blob/s3gw"
)

// gateway is a versitygw started for the test (s3gw).
type gateway struct{ *s3gw.Gateway }

func startVersitygw(t *testing.T) *gateway { return &gateway{s3gw.Start(t)} }

// newBucketStore creates a fresh bucket and returns a store over it.
func (g *gateway) newBucketStore(t *testing.T) Store {
	_, url := g.BucketURL()
	st, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.(*S3).CreateBucket(context.Background()); err != nil {
		t.Fatalf("creating the bucket of %s: %v", url, err)
	}
	return st
}
