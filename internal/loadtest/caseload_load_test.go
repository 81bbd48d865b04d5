package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// The load figures the issue asks for: a service of 20,000 cases
// (seed_load_test.go), the measured practitioner holding 1,000, 50 clients,
// each route against GET /healthz measured in the same run, with the top of
// a CPU profile of each route after the table. Run it with scripts/bench.sh
// (make bench); plain go test skips it.
const (
	benchCases   = 1000
	benchClients = 50
)

type route struct {
	name, path string
	api        bool // bearer token instead of the session cookie
}

var routes = []route{
	{"GET /healthz", "/healthz", false}, // baseline: first, every other row is compared with it
	{"GET /", "/", false},
	{"GET /api/v1/cases", "/api/v1/cases", true},
	{"GET …cases?status=closed", "/api/v1/cases?status=closed", true},
	{"GET …cases?reference=", "/api/v1/cases?reference=load-09", true}, // LOAD-0900 to 0999
	{"GET /?reference=", "/?status=all&reference=load-09", false},
}

func TestLoad(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("load test: set ATTUNE_BENCH=1 (scripts/bench.sh, make bench) to run it")
	}
	cfg := Config{Clients: benchClients, Duration: benchSeconds(t), Warmup: 2 * time.Second}
	out := io.Writer(os.Stdout)
	if path := os.Getenv("ATTUNE_BENCH_OUT"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = io.MultiWriter(os.Stdout, f)
	}
	fmt.Fprintf(out, "attune load: %d of %d cases, %d clients, %v per route after %v warm-up, %s, GOMAXPROCS=%d, %s\n%s\n",
		benchCases, serviceCases, cfg.Clients, cfg.Duration, cfg.Warmup, runtime.Version(), runtime.GOMAXPROCS(0), time.Now().Format(time.RFC3339), Header)
	t.Run("sqlite", func(t *testing.T) { loadBackend(t, out, "sqlite", "", cfg) })
	t.Run("postgres", func(t *testing.T) {
		url, _ := storetest.NewPostgresDatabase(t)
		loadBackend(t, out, "postgres", url, cfg)
	})
}

func loadBackend(t *testing.T, out io.Writer, backend, databaseURL string, cfg Config) {
	in := apptest.Start(t, databaseURL)
	f := newFixtureWith(t, in, cfg.Clients, func(u *domain.User) { seedService(t, in, u) })
	f.checkPages(t, in.URL)
	var base Result
	var profile bytes.Buffer
	defer func() { io.Copy(out, &profile) }() // after the table, one backend's profiles
	for _, r := range routes {
		var res Result
		run := func() { res = Run(context.Background(), cfg, f.request(in.URL+r.path, r.api)) }
		if r.path == routes[0].path {
			run()
			base = res
		} else {
			profiled(t, &profile, backend+" "+r.name, run)
		}
		WriteRow(out, Row{Backend: backend, Route: r.name, Result: res, Baseline: base})
		if res.Errors > 0 {
			t.Errorf("%s %s: %d of %d requests failed, first: %v", backend, r.name, res.Errors, res.Requests, res.FirstErr)
		}
	}
}

func benchSeconds(t *testing.T) time.Duration {
	d, err := Seconds(10 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (f *fixture) request(url string, api bool) func(ctx context.Context, client int) error {
	return func(ctx context.Context, client int) error {
		var h http.Header
		if api {
			h = f.bearer
		}
		return Get(ctx, f.clients[client], url, h)
	}
}
