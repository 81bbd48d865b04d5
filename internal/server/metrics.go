package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/attune-vig/attune/internal/auth"
)

type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "attune_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "attune_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// RegisterMetrics adds collectors of other parts (jobs, storage) to what
// /metrics serves.
func (s *Server) RegisterMetrics(cs ...prometheus.Collector) {
	s.metrics.reg.MustRegister(cs...)
}

// Metrics serves the Prometheus metrics: with a metrics token, to a scraper
// that sends it as a bearer token (from anywhere); without one, only to a
// request made on this machine directly, never one relayed by a proxy (which
// would come from the loopback address too, for anyone).
func (s *Server) Metrics(w http.ResponseWriter, r *http.Request) {
	if tok := s.cfg.MetricsToken; tok != "" {
		given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !auth.SameSecret(given, tok) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="attune metrics"`)
			http.Error(w, "Send the metrics token (--metrics-token) as Authorization: Bearer <token>.", http.StatusUnauthorized)
			return
		}
	} else if !directLocal(r) {
		http.NotFound(w, r)
		return
	}
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// directLocal tells whether r came from this machine and not through a
// proxy: a proxy adds the client's address in one of these headers.
func directLocal(r *http.Request) bool {
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip", "X-Forwarded-Host", "X-Forwarded-Proto"} {
		if _, ok := r.Header[h]; ok {
			return false
		}
	}
	ip := clientIP(r, false)
	return ip == "127.0.0.1" || ip == "::1"
}
