package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/proctest"
	"github.com/attune-vig/attune/internal/store"
)

// TestNginxConfig puts Debian's nginx, with the location and upstream of
// deploy/nginx/attune.conf, in front of attune and sends a whole film
// through it: a resumable upload in pieces, processing, range requests that
// match attune's own answer, the 1 MiB cap on other requests, and a client
// that can't forge its address into the audit trail.
func TestNginxConfig(t *testing.T) {
	t.Parallel()
	nginx := nginxPath(t)
	in := apptest.StartWith(t, "", func(c *config.Config) { c.TrustProxy, c.MetricsToken = true, "scraper-token" })
	front := proctest.Nginx(t, nginx, strings.TrimPrefix(in.URL, "http://"))
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart")
	direct, caseID := newCaseClient(t, in)
	cl := api{t, front, direct.token}
	var rec map[string]any
	if s := cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "through-nginx.mp4", "size": len(video)}, &rec); s != 201 {
		t.Fatalf("create through nginx: %d %v", s, rec)
	}
	id := rec["id"].(string)
	cl.tusUpload(rec["upload_url"].(string), video, 256<<10)
	if done := cl.waitFor(id); done["status"] != "ready" {
		t.Fatalf("after an upload through nginx: %v", done)
	}
	for _, rng := range []string{"bytes=0-1023", "bytes=5000-70000", "bytes=-4096"} {
		via, own := rangeBody(t, cl, id, rng), rangeBody(t, direct, id, rng)
		if len(via) == 0 || !bytes.Equal(via, own) {
			t.Errorf("Range %s through nginx gave %d bytes that differ from attune's own %d", rng, len(via), len(own))
		}
	}
	big := `{"reference":"` + strings.Repeat("x", 2<<20) + `"}`
	res := cl.do("POST", "/api/v1/cases", strings.NewReader(big), map[string]string{"Content-Type": "application/json"})
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB request through nginx: %d, want attune's 413", res.StatusCode)
	}
	// attune trusts X-Forwarded-For from its proxy; nginx sets it to the
	// real client, so what a client writes there never reaches the trail.
	for _, c := range []api{direct, cl} {
		res = c.do("GET", "/api/v1/cases/"+caseID, nil, map[string]string{"X-Forwarded-For": "203.0.113.9"})
		res.Body.Close()
	}
	if n := auditFrom(t, in, "203.0.113.9"); n != 1 {
		t.Errorf("%d case views recorded as from the address the client wrote, want 1 (the one sent around nginx)", n)
	}
	nginxHidesMetrics(t, in, front)
}

// nginxHidesMetrics: the shipped configuration answers /metrics itself
// with 404, in every spelling, even to a caller holding the metrics token
// (which attune alone would accept from anywhere).
func nginxHidesMetrics(t *testing.T, in *apptest.Instance, front string) {
	t.Helper()
	if res, err := http.Get(in.URL + "/metrics"); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("attune itself, no token: %v %v, want 401", res, err)
	}
	for _, p := range []string{"/metrics", "/metrics?x=1", "//metrics", "/%6Detrics", "/metrics/../metrics"} {
		req, _ := http.NewRequest("GET", front+p, nil)
		req.Header.Set("Authorization", "Bearer scraper-token")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusOK || strings.Contains(string(b), "go_goroutines") {
			t.Errorf("GET %s through nginx: %d, metrics shown", p, res.StatusCode)
		}
	}
}

// rangeBody is the body of a 206 answer to a range of the playback copy.
func rangeBody(t *testing.T, c api, id, rng string) []byte {
	t.Helper()
	res := c.do("GET", "/api/v1/recordings/"+id+"/video", nil, map[string]string{"Range": rng})
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusPartialContent {
		t.Fatalf("Range %s from %s: %d", rng, c.base, res.StatusCode)
	}
	return b
}

// auditFrom counts the case views recorded as coming from ip.
func auditFrom(t *testing.T, in *apptest.Instance, ip string) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		es, err := tx.AuditEntries(ctx, store.AuditFilter{Limit: 1000})
		for _, e := range es {
			if e.IP == ip && strings.HasPrefix(e.Action, "case.view") {
				n++
			}
		}
		return err
	})
	return n
}

func nginxPath(t *testing.T) string {
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
		t.Fatal("nginx is not installed: apt-get install nginx-light")
	}
	t.Skip("nginx is not installed: apt-get install nginx-light")
	return ""
}
