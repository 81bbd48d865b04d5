package domain

import "context"

// ViewGate decides whether the view entries written while one request is
// answered go to the audit trail. The router gives every request on a route
// that returns case content its own gate (server/trail.go): the first view
// entry of a viewer, route and record in a short window is written, later
// ones are left out, so a video played with hundreds of Range requests is
// one entry, not hundreds.
type ViewGate interface {
	// Admit tells whether view entries of this request are written; the
	// first call decides for the whole request.
	Admit() bool
	// Always admits this request's entries, however recent the last.
	Always()
}

type viewGateKey struct{}

// WithViewGate returns ctx carrying g.
func WithViewGate(ctx context.Context, g ViewGate) context.Context {
	return context.WithValue(ctx, viewGateKey{}, g)
}

// AdmitView tells whether a view entry may be written in ctx: always, outside
// a request that carries a gate (the command line, background work).
func AdmitView(ctx context.Context) bool {
	g, ok := ctx.Value(viewGateKey{}).(ViewGate)
	return !ok || g.Admit()
}

// EveryTime makes the request of ctx write its entries however recent the
// last one (a download is a copy that leaves: each is audited).
func EveryTime(ctx context.Context) context.Context {
	if g, ok := ctx.Value(viewGateKey{}).(ViewGate); ok {
		g.Always()
	}
	return ctx
}
