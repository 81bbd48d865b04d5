package proctest

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Nginx runs nginx as this user on a free port with the upstream and
// location blocks of deploy/nginx/attune.conf, the upstream listing the
// given attune servers in place of the example one; it returns the
// proxy's URL once it answers /healthz through to attune.
func Nginx(t testing.TB, bin string, backends ...string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, "deploy", "nginx", "attune.conf"))
	if err != nil {
		t.Fatal(err)
	}
	var servers []string
	for _, b := range backends {
		servers = append(servers, "server "+b+" max_fails=3 fail_timeout=10s;")
	}
	upstream := block(t, string(src), "upstream attune {")
	example := "server 127.0.0.1:8080 max_fails=3 fail_timeout=10s;"
	if !strings.Contains(upstream, example) {
		t.Fatalf("deploy/nginx/attune.conf: the upstream no longer has %q to replace", example)
	}
	upstream = strings.Replace(upstream, example, strings.Join(servers, "\n    "), 1)
	location := block(t, string(src), "location = /metrics {") + "\n" + block(t, string(src), "location / {")
	dir := t.TempDir()
	addr := FreeAddr(t)
	conf := fmt.Sprintf(`worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy; fastcgi_temp_path %[1]s/fcgi;
  uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
  %[2]s
  server { listen %[3]s; %[4]s }
}
`, dir, upstream, addr, location)
	file := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(file, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", file, "-g", "daemon off;")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := "http://" + addr
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
func block(t testing.TB, src, start string) string {
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
