package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/config"
)

// /metrics carries what an operator alerts on: recordings by status, jobs
// by kind and state, free disk, the database pools, request latency.
func TestOpsMetrics(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		cl, caseID := newCaseClient(t, in)
		var rec map[string]any
		if s := cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "a.mp4", "size": 1000}, &rec); s != 201 {
			t.Fatalf("create: %d", s)
		}
		res, err := http.Get(in.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := string(b)
		for _, want := range []string{
			`attune_recordings{status="uploading"} 1`,
			`attune_data_disk_free_bytes `,
			`attune_ops_scrape_error 0`,
			`go_sql_open_connections{db_name=`,
			`attune_http_request_duration_seconds_bucket{route="POST /api/v1/cases/{id}/recordings"`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("/metrics has no %s", want)
			}
		}
	})
}

// /metrics answers a scraper with the metrics token from anywhere; without
// a token configured, only a request made on this machine directly, never
// one a proxy relays from the loopback address for someone else.
func TestMetricsNeedTokenOrThisMachine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, token string
		header      map[string]string
		want        int
	}{
		{"no token set, direct", "", nil, 200},
		{"no token set, relayed by a proxy", "", map[string]string{"X-Forwarded-For": "203.0.113.9"}, 404},
		{"no token set, relayed with Forwarded", "", map[string]string{"Forwarded": "for=203.0.113.9"}, 404},
		{"token set, none sent", "s3cret-metrics", nil, 401},
		{"token set, wrong one", "s3cret-metrics", map[string]string{"Authorization": "Bearer s3cret-metric"}, 401},
		{"token set, right one", "s3cret-metrics", map[string]string{"Authorization": "Bearer s3cret-metrics"}, 200},
		{"token set, right one through a proxy", "s3cret-metrics", map[string]string{"Authorization": "Bearer s3cret-metrics", "X-Forwarded-For": "203.0.113.9"}, 200},
	}
	for _, tok := range []string{"", "s3cret-metrics"} {
		in := apptest.StartWith(t, "", func(c *config.Config) { c.MetricsToken = tok })
		for _, c := range cases {
			if c.token != tok {
				continue
			}
			req, _ := http.NewRequest("GET", in.URL+"/metrics", nil)
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.want {
				t.Errorf("%s: %d, want %d", c.name, res.StatusCode, c.want)
			}
			if has := strings.Contains(string(b), "go_goroutines"); has != (c.want == 200) {
				t.Errorf("%s: metrics in the answer: %v", c.name, has)
			}
		}
	}
}
