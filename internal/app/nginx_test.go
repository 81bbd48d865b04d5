package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/store"
)

// TestNginxConfig puts Debian's nginx, with the location and upstream of
// deploy/nginx/attune.conf, in front of attune and sends a whole film
// through it: a resumable upload in pieces, processing, range requests that
// match attune's own answer, the 1 MiB cap on other requests, and a client
// that can't forge its address into the audit trail.
func TestNginxConfig(t *testing.T) {
	nginx := nginxPath(t)
	in := apptest.StartWith(t, "", func(c *config.Config) { c.TrustProxy = true })
	front := startNginx(t, nginx, strings.TrimPrefix(in.URL, "http://"))
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

// startNginx runs nginx as this user on a free port with the upstream and
// location blocks of deploy/nginx/attune.conf, forwarding to backend.
func startNginx(t *testing.T, bin, backend string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "deploy", "nginx", "attune.conf"))
	if err != nil {
		t.Fatal(err)
	}
	upstream := strings.Replace(block(t, string(src), "upstream attune {"), "server 127.0.0.1:8080", "server "+backend, 1)
	location := block(t, string(src), "location / {")
	dir := t.TempDir()
	port := freePort(t)
	conf := fmt.Sprintf(`worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy; fastcgi_temp_path %[1]s/fcgi;
  uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
  %[2]s
  server { listen 127.0.0.1:%[3]d; %[4]s }
}
`, dir, upstream, port, location)
	file := filepath.Join(dir, "nginx.conf")
	os.WriteFile(file, []byte(conf), 0o600)
	cmd := exec.Command(bin, "-p", dir, "-c", file, "-g", "daemon off;")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return url
			}
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not answer on %s:\n%s", url, b)
		}
	}
}

// block is the text from start to its matching closing brace.
func block(t *testing.T, src, start string) string {
	t.Helper()
	i := strings.Index(src, start)
	if i < 0 {
		t.Fatalf("deploy/nginx/attune.conf has no %q", start)
	}
	depth := 0
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return src[i : j+1]
			}
		}
	}
	t.Fatalf("deploy/nginx/attune.conf: %q is never closed", start)
	return ""
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
