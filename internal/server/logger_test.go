package server

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A handler's LogError goes to the server's own logger, in its format.
func TestLogErrorUsesTheServersLogger(t *testing.T) {
	var buf bytes.Buffer
	s := New(Config{}, nil, slog.New(slog.NewJSONHandler(&buf, nil)))
	s.Handle("GET /x", Public, func(w http.ResponseWriter, r *http.Request) {
		LogError(r, errors.New("disk on fire"))
		w.WriteHeader(http.StatusInternalServerError)
	})
	s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	if !strings.Contains(buf.String(), `{"time":`) || !strings.Contains(buf.String(), `"msg":"request failed","route":"GET /x","method":"GET","err":"disk on fire"`) {
		t.Fatalf("the server's log:\n%s", buf.String())
	}
}
