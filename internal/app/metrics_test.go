package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
)

// /metrics carries what an operator alerts on: recordings by status, jobs
// by kind and state, free disk, the database pools, request latency.
func TestOpsMetrics(t *testing.T) {
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
