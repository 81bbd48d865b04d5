package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// csp allows only our own scripts and styles: no inline script anywhere.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// headers adds the security headers every response gets.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if s.cfg.TLS || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// maxBody caps request bodies, except uploads: the tus endpoint holds each
// upload to the size declared (and checked) when its recording was created.
const maxBody = 1 << 20

// UploadPrefix is where the tus endpoint lives.
const UploadPrefix = "/api/v1/uploads/"

// largeBody lets requests of one method whose path ends in suffix send up
// to n bytes (e.g. a coding CSV of many thousand rows).
type largeBody struct {
	method, suffix string
	n              int64
}

// AllowLargeBody raises the body cap to n bytes for method requests whose
// path ends in suffix. Call it while registering routes.
func (s *Server) AllowLargeBody(method, suffix string, n int64) {
	s.large = append(s.large, largeBody{method, suffix, n})
}

// bodyLimit is the most bytes a request may send.
func (s *Server) bodyLimit(r *http.Request) int64 {
	for _, l := range s.large {
		if r.Method == l.method && strings.HasSuffix(r.URL.Path, l.suffix) {
			return l.n
		}
	}
	return maxBody
}

func (s *Server) limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && !strings.HasPrefix(r.URL.Path, UploadPrefix) {
			r.Body = http.MaxBytesReader(w, r.Body, s.bodyLimit(r))
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request and counts it by route pattern.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		d := time.Since(start)
		s.metrics.observe(route, r.Method, sw.status, d)
		s.Log.Info("request", "method", r.Method, "route", route, "status", sw.status,
			"ms", d.Milliseconds(), "ip", clientIP(r, s.cfg.TrustProxy))
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil && v != http.ErrAbortHandler {
				s.Log.Error("panic serving request", "route", r.Pattern, "panic", v)
				http.Error(w, "Something went wrong on our side. Please try again.", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// LogError logs an unexpected error with its request, through the server's
// logger (see withLogger).
func LogError(r *http.Request, err error) {
	Logger(r).ErrorContext(r.Context(), "request failed", "route", r.Pattern, "method", r.Method, "err", err)
}

type loggerKey struct{}

// withLogger hands the server's logger to every handler, in the request.
func (s *Server) withLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), loggerKey{}, s.Log)))
	})
}

// Logger is the server's logger for a request (slog's default outside one).
func Logger(r *http.Request) *slog.Logger {
	if l, ok := r.Context().Value(loggerKey{}).(*slog.Logger); ok && l != nil {
		return l
	}
	return slog.Default()
}
