package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// trailServer has one public route that returns "family secret" for the
// case its {id} names; its service writes its own view entry when asked to.
func trailServer(window time.Duration, trail Trail, serviceEntry bool) *Server {
	s := New(Config{ViewWindow: window}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.SetTrail(trail)
	s.Handle("GET /cases/{id}", Public, func(w http.ResponseWriter, r *http.Request) {
		if serviceEntry && domain.AdmitView(r.Context()) {
			trail(r.Context(), domain.AuditEntry{Action: "case.view.by-service", ObjectID: r.PathValue("id")})
		}
		w.Write([]byte("family secret"))
	}, Views("case"))
	return s
}

func get(s *Server, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func TestContentIsNotSentWithoutItsAuditEntry(t *testing.T) {
	s := trailServer(time.Minute, func(context.Context, domain.AuditEntry) error { return errors.New("database gone") }, false)
	rec := get(s, "GET", "/cases/c1")
	if rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Body.String(), "family secret") {
		t.Fatalf("audit trail failing: status %d, body %q; want 503 without the content", rec.Code, rec.Body.String())
	}
}

func TestViewingsAreAuditedOncePerWindow(t *testing.T) {
	for _, service := range []bool{false, true} {
		var entries []domain.AuditEntry
		s := trailServer(time.Minute, func(_ context.Context, e domain.AuditEntry) error { entries = append(entries, e); return nil }, service)
		now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
		s.seen.now = func() time.Time { return now }
		steps := []struct {
			method, path string
			advance      time.Duration
			entries      int
		}{
			{"GET", "/cases/c1", 0, 1},
			{"GET", "/cases/c1", 0, 1},
			{"HEAD", "/cases/c1", 30 * time.Second, 1},
			{"GET", "/cases/c2", 0, 2},
			{"GET", "/cases/c1", time.Minute, 3},
		}
		for i, st := range steps {
			now = now.Add(st.advance)
			if rec := get(s, st.method, st.path); rec.Code != 200 {
				t.Fatalf("step %d: status %d", i, rec.Code)
			}
			if len(entries) != st.entries {
				t.Fatalf("service entry %v, step %d (%s %s): %d entries, want %d: %+v", service, i, st.method, st.path, len(entries), st.entries, entries)
			}
		}
		want := "case.view"
		if service {
			want = "case.view.by-service"
		}
		if entries[0].Action != want || entries[0].ObjectID != "c1" {
			t.Errorf("service entry %v: first entry %+v, want %s of c1 (the router adds none when the service wrote one)", service, entries[0], want)
		}
	}
}

func TestDebouncer(t *testing.T) {
	d := newDebouncer(time.Minute)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d.now = func() time.Time { return now }
	if !d.claim("a") || d.claim("a") || !d.claim("b") {
		t.Fatal("first claims of a and b should succeed, the second of a not")
	}
	d.release("a")
	if !d.claim("a") {
		t.Fatal("a released should be claimable")
	}
	if d.count("x") != 1 || d.count("x") != 2 {
		t.Fatal("count should go 1, 2")
	}
	now = now.Add(time.Minute)
	if !d.claim("b") || d.count("x") != 1 {
		t.Fatal("after the window, b is claimable again and x counts from 1")
	}
}
