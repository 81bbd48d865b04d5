package upload

import (
	"context"
	"io"
	"strconv"
	"sync/atomic"
)

// A PATCH without Content-Length (chunked) that carries more than the
// upload has left is cut by tusd at the declared size and answered 413;
// bodyGuard notices the extra bytes so that such a request is not taken as
// the upload's completion.
type bodyGuard struct {
	r     io.ReadCloser
	left  int64 // bytes the upload still accepts
	extra atomic.Bool
}

type guardCtxKey struct{}

func (g *bodyGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if g.left -= int64(n); g.left < 0 {
		g.extra.Store(true)
	}
	return n, err
}

func (g *bodyGuard) Close() error { return g.r.Close() }

// guardBody wraps the body of a PATCH for up, given its Upload-Offset.
func guardBody(ctx context.Context, up *Upload, offsetHeader string, body io.ReadCloser) (context.Context, io.ReadCloser) {
	off, err := strconv.ParseInt(offsetHeader, 10, 64)
	if err != nil || body == nil {
		return ctx, body
	}
	g := &bodyGuard{r: body, left: up.Size - off}
	return context.WithValue(ctx, guardCtxKey{}, g), g
}

// oversized reports whether the request body goes past the upload's
// size; src has delivered exactly the bytes the upload had left, and one
// more byte is asked of it (tusd's size limit refuses to hand it over, but
// the guard below it sees it).
func oversized(ctx context.Context, src io.Reader) bool {
	var one [1]byte
	n, _ := src.Read(one[:])
	g, _ := ctx.Value(guardCtxKey{}).(*bodyGuard)
	return n > 0 || (g != nil && g.extra.Load())
}
