package loadtest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestGetChecksStatusAndReusesConnections(t *testing.T) {
	var conns atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer x" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		w.Write([]byte(strings.Repeat("x", 10000)))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusSeeOther) })
	ts := httptest.NewUnstartedServer(mux)
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	defer ts.Close()
	c, ctx, h := NewClient(1, 5*time.Second), context.Background(), http.Header{"Authorization": {"Bearer x"}}
	for range 5 {
		if err := Get(ctx, c, ts.URL+"/ok", h); err != nil {
			t.Fatal(err)
		}
	}
	if conns.Load() != 1 {
		t.Errorf("5 sequential requests opened %d connections; want 1 (keep-alive)", conns.Load())
	}
	tests := []struct {
		path   string
		header http.Header
		want   string
	}{
		{"/ok", nil, "status 401"},
		{"/moved", h, "status 303"},
		{"/missing", h, "status 404"},
	}
	for _, tt := range tests {
		if err := Get(ctx, c, ts.URL+tt.path, tt.header); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Get %s: error %v, want one with %q", tt.path, err, tt.want)
		}
	}
}
