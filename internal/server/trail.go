package server

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/attune-vig/attune/internal/domain"
)

// Trail appends one audit entry and returns once it is committed (the app
// passes the store's AuditView).
type Trail func(ctx context.Context, e domain.AuditEntry) error

// SetTrail gives the router its audit trail. Until it has one, routes that
// return case content answer 503: nothing is shown without an entry.
func (s *Server) SetTrail(t Trail) { s.trail = t }

// CaseOf finds the case a record belongs to ("" if none), so the entries
// the router writes name it (the app passes a store lookup).
type CaseOf func(ctx context.Context, kind, id string) string

// SetCaseOf gives the router its way to name the case of a record.
func (s *Server) SetCaseOf(f CaseOf) { s.caseOf = f }

// AuditViewsForBench turns the auditing of viewings off (false) or back on.
// Only the benchmark that measures what auditing costs calls it.
func (s *Server) AuditViewsForBench(on bool) { s.viewsOff.Store(!on) }

// actorOf names the caller as the audit trail does: a staff account's id,
// "family:<member>" for a parent, "" for nobody.
func actorOf(id *Identity) string {
	switch {
	case id.User != nil:
		return id.User.ID
	case id.Parent != nil:
		return "family:" + id.Parent.ID
	}
	return ""
}

// viewGate is one request's domain.ViewGate: it claims the viewing (viewer,
// path) in the window on first use.
type viewGate struct {
	mu       sync.Mutex
	s        *Server
	key      string
	decided  bool
	admitted bool
}

func (g *viewGate) Admit() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.decided {
		g.decided = true
		g.admitted = !g.s.viewsOff.Load() && g.s.seen.claim(g.key)
	}
	return g.admitted
}

func (g *viewGate) Always() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.admitted {
		g.s.seen.claim(g.key)
	}
	g.decided, g.admitted = true, true
}

func (g *viewGate) wasAdmitted() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.admitted
}

// undecidedAdmit tells whether nothing had asked the gate yet (fresh), and
// whether this request's entries are admitted (deciding now if fresh).
func (g *viewGate) undecidedAdmit() (fresh, admitted bool) {
	g.mu.Lock()
	fresh = !g.decided
	g.mu.Unlock()
	return fresh, g.Admit()
}

// serveAudited answers a request on a route that returns case content or
// names a case record. The first answer with content of a viewer's viewing
// is recorded before its first byte leaves (by the services' own entries, or
// else by one the router writes); a refusal on a case record is recorded
// after it is sent.
func (s *Server) serveAudited(rt *Route, w http.ResponseWriter, r *http.Request, id *Identity, h http.HandlerFunc) {
	base := context.WithoutCancel(r.Context())
	tw := &trailWriter{ResponseWriter: w}
	var g *viewGate
	if rt.Views {
		key := actorOf(id) + "|" + r.URL.Path
		if actorOf(id) == "" {
			key = "ip:" + id.IP + key
		}
		g = &viewGate{s: s, key: key}
		r = r.WithContext(domain.WithViewGate(r.Context(), g))
		tw.before = func() error { return s.contentViewed(base, rt, r, id, g) }
	}
	h(tw, r)
	if g != nil && tw.status >= 400 && g.wasAdmitted() {
		s.seen.release(g.key) // a failed answer showed nothing: the next one is the viewing
	}
	s.refused(base, rt, r, id, tw.status)
}

// contentViewed runs before the first byte of an answer with content: if no
// service wrote the viewing's entry, the router writes one.
func (s *Server) contentViewed(ctx context.Context, rt *Route, r *http.Request, id *Identity, g *viewGate) error {
	fresh, admitted := g.undecidedAdmit()
	if !fresh || !admitted {
		return nil
	}
	return s.writeTrail(ctx, s.entry(ctx, rt, r, id, rt.Object+".view", "via "+rt.Method+" "+rt.Path))
}

// refused records a refused attempt on a case record (not found, forbidden):
// once per caller and record in the window, and at most RefusalsPerWindow
// per caller, then one entry saying more were left out.
func (s *Server) refused(ctx context.Context, rt *Route, r *http.Request, id *Identity, status int) {
	actor, objID := actorOf(id), r.PathValue("id")
	if status != http.StatusNotFound && status != http.StatusForbidden || actor == "" || rt.Object == "" || objID == "" {
		return
	}
	if !s.seen.claim("refused|" + actor + "|" + rt.Object + "|" + objID) {
		return
	}
	var e domain.AuditEntry
	switch n := s.seen.count("refusals|" + actor); {
	case n <= RefusalsPerWindow:
		e = s.entry(ctx, rt, r, id, rt.Object+".denied", fmt.Sprintf("%d on %s %s", status, r.Method, rt.Path))
	case n == RefusalsPerWindow+1:
		e = domain.AuditEntry{ActorID: actor, Action: "audit.denied.limit", ObjectType: "user", ObjectID: actor, IP: id.IP,
			Detail: fmt.Sprintf("more than %d refused attempts in %s: the next ones in this window are not recorded one by one", RefusalsPerWindow, s.seen.window)}
	default:
		return
	}
	if err := s.writeTrail(ctx, e); err != nil {
		s.Log.Error("audit a refused attempt", "route", rt.Path, "err", err)
	}
}

// entry is an entry about the route's record, naming its case (a parent's
// own case on a family route without one).
func (s *Server) entry(ctx context.Context, rt *Route, r *http.Request, id *Identity, action, detail string) domain.AuditEntry {
	e := domain.AuditEntry{ActorID: actorOf(id), Action: action, ObjectType: rt.Object, ObjectID: r.PathValue("id"), IP: id.IP, Detail: detail}
	if s.caseOf != nil {
		e.CaseID = s.caseOf(ctx, rt.Object, e.ObjectID)
	}
	if e.CaseID == "" && id.Parent != nil {
		e.CaseID = id.Parent.CaseID
	}
	return e
}

func (s *Server) writeTrail(ctx context.Context, e domain.AuditEntry) error {
	if s.trail == nil {
		return fmt.Errorf("server: no audit trail configured")
	}
	return s.trail(ctx, e)
}

// trailWriter runs before once, ahead of the first successful status; if it
// fails, the answer becomes a 503 and its content is dropped.
type trailWriter struct {
	http.ResponseWriter
	status int
	before func() error
	failed bool
}

func (w *trailWriter) WriteHeader(code int) {
	if w.status != 0 || code < 200 {
		if code < 200 {
			w.ResponseWriter.WriteHeader(code)
		}
		return
	}
	w.status = code
	if code < 300 && w.before != nil {
		if err := w.before(); err != nil {
			w.failed, w.status = true, http.StatusServiceUnavailable
			for _, h := range []string{"Content-Range", "Content-Length", "Content-Disposition", "Last-Modified", "Accept-Ranges"} {
				w.Header().Del(h)
			}
			http.Error(w.ResponseWriter, "attune couldn't record this viewing in the audit trail, so it isn't shown. Try again in a moment; if it keeps happening, tell your administrator.", http.StatusServiceUnavailable)
			return
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *trailWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.failed {
		return 0, errNotRecorded
	}
	return w.ResponseWriter.Write(b)
}

func (w *trailWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var errNotRecorded = fmt.Errorf("server: the viewing could not be audited, so its content is not sent")
