package blob

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// Open returns the store named by rawURL:
//
//	/abs/dir or rel/dir                  local directory
//	file:///abs/dir[?reserve_bytes=N]    local directory with a free-disk reserve
//	s3://bucket?endpoint=http://127.0.0.1:7070&region=us-east-1&path_style=true
//	    [&access_key=...&secret_key=...] (else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
func Open(ctx context.Context, rawURL string) (Store, error) {
	if !strings.Contains(rawURL, "://") {
		return NewLocal(rawURL, 0)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("blob: storage URL does not parse: %w", err)
	}
	switch u.Scheme {
	case "file":
		return openFile(u)
	case "s3":
		return openS3(ctx, u)
	}
	return nil, fmt.Errorf("blob: storage URL scheme %q is not supported; use a directory, file:///abs/dir or s3://bucket?...", u.Scheme)
}

// openFile opens file:///abs/dir[?reserve_bytes=N].
func openFile(u *url.URL) (Store, error) {
	if (u.Host != "" && u.Host != "localhost") || !filepath.IsAbs(u.Path) {
		return nil, fmt.Errorf("blob: file URL must be file:///absolute/dir (three slashes), got %q", u.String())
	}
	var reserve int64
	for k, v := range u.Query() {
		n, err := strconv.ParseInt(v[0], 10, 64)
		if k != "reserve_bytes" || err != nil || n < 0 {
			return nil, fmt.Errorf("blob: file URL parameter %s=%s: only reserve_bytes=<bytes> is known", k, v[0])
		}
		reserve = n
	}
	return NewLocal(u.Path, reserve)
}
