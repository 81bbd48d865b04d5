package scaleout_test

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// site is the shared configuration of every process of the test.
type site struct {
	bin  string
	root string
	env  []string // ATTUNE_DATABASE_URL, ATTUNE_BLOB_URL, ATTUNE_MASTER_KEY_FILE, ...
}

// buildBinary builds cmd/attune once for the test.
func buildBinary(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "attune")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/attune")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// cli runs one attune subcommand against the shared database and bucket.
func (s *site) cli(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.bin, append(args, "--data", filepath.Join(s.root, "cli"))...)
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("attune %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// proc is one running attune process, in its own process group.
type proc struct {
	name string
	cmd  *exec.Cmd
	url  string // for a server
	log  string
}

// start runs `attune serve` (addr set) or `attune worker` (addr empty),
// each with a data folder of its own, and stops it when the test ends.
func (s *site) start(t *testing.T, name, addr string, extraEnv ...string) *proc {
	t.Helper()
	data := filepath.Join(s.root, name)
	p := &proc{name: name, log: filepath.Join(s.root, name+".log")}
	logs, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"worker", "--data", data}
	if addr != "" {
		args = []string{"serve", "--data", data, "--addr", addr}
		p.url = "http://" + addr
	}
	p.cmd = exec.Command(s.bin, args...)
	p.cmd.Env = append(append(os.Environ(), s.env...), extraEnv...)
	p.cmd.Stdout, p.cmd.Stderr = logs, logs
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.stop(); logs.Close() })
	if p.url != "" {
		waitHealthy(t, p.url, p.log)
	}
	return p
}

// stop asks the process to end, then kills its group if it lingers.
func (p *proc) stop() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

func (p *proc) logText() string {
	b, _ := os.ReadFile(p.log)
	return string(b)
}

// waitHealthy polls /healthz until it answers 200.
func waitHealthy(t *testing.T, url, log string) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(log)
			t.Fatalf("%s did not become healthy:\n%s", url, b)
		}
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr())
}

// need finds a program, or skips the test (fails under CI or
// ATTUNE_REQUIRE_ALL=1, where everything must run).
func need(t *testing.T, prog, install string) string {
	t.Helper()
	for _, p := range []string{prog, "/usr/sbin/" + prog} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	msg := prog + " is not installed: " + install
	if os.Getenv("CI") == "true" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}
