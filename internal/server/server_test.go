package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRouteWithoutPolicyStopsTheServer(t *testing.T) {
	s := New(Config{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer func() {
		v := recover()
		if v == nil || !strings.Contains(v.(string), "has no policy") {
			t.Fatalf("registering a route without a policy: recover() = %v, want a panic naming the missing policy", v)
		}
	}()
	s.Handle("GET /oops", Policy(0), func(http.ResponseWriter, *http.Request) {})
}

func TestSecurityHeaders(t *testing.T) {
	cases := []struct {
		name    string
		tls     bool
		path    string
		headers map[string]string
	}{
		{"plain page", false, "/x", map[string]string{
			"Content-Security-Policy": "frame-ancestors 'none'", "X-Content-Type-Options": "nosniff",
			"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "Strict-Transport-Security": ""}},
		{"over TLS", true, "/x", map[string]string{"Strict-Transport-Security": "max-age="}},
		{"static file", false, "/static/x", map[string]string{"Cache-Control": "", "X-Content-Type-Options": "nosniff"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := New(Config{TLS: c.tls}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
			s.Handle("GET /x", Public, func(w http.ResponseWriter, r *http.Request) {})
			s.Handle("GET /static/", Public, func(w http.ResponseWriter, r *http.Request) {})
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
			for h, want := range c.headers {
				got := rec.Header().Get(h)
				if (want == "" && got != "") || !strings.Contains(got, want) {
					t.Errorf("%s = %q, want it to contain %q", h, got, want)
				}
			}
			if strings.Contains(rec.Header().Get("Content-Security-Policy"), "unsafe-inline") {
				t.Error("CSP allows inline script or style")
			}
		})
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	s := New(Config{}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.Handle("POST /x", Public, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	cases := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusNoContent},
		{"no browser headers (API client)", nil, http.StatusNoContent},
		{"another site", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"foreign Origin", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "http://attune.test/x", nil)
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d", rec.Code, c.want)
			}
		})
	}
}

func TestPolicies(t *testing.T) {
	for _, p := range []Policy{Public, Pending, Staff, CaseStaff, Practitioner, Admin} {
		if p.String() == "" {
			t.Errorf("policy %d has no name", p)
		}
	}
	if (Policy(0)).permits(&Identity{}) {
		t.Error("the zero policy permits an anonymous caller")
	}
}
