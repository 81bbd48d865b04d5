package chaos_test

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

// binary builds cmd/attune once for the test.
func binary(t *testing.T) string {
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

// cli runs one attune subcommand on the data folder and returns its output.
func cli(t *testing.T, bin, data, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append(args, "--data", data)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("attune %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// server is one run of `attune serve`, in its own process group.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs *os.File
}

func startServer(t *testing.T, bin, data, addr string) *server {
	t.Helper()
	logs, err := os.OpenFile(filepath.Join(data, "..", "serve.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr, "--workers", "1")
	cmd.Env = append(os.Environ(), "ATTUNE_DISK_RESERVE=0", "ATTUNE_JOB_STALL=6s")
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, url: "http://" + addr, logs: logs}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(30 * time.Millisecond) {
		if res, err := http.Get(s.url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		if time.Now().After(deadline) {
			s.kill()
			t.Fatalf("attune did not start; see %s", logs.Name())
		}
	}
}

// kill is SIGKILL to the whole group: attune and any ffmpeg it runs.
func (s *server) kill() {
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	s.cmd.Wait()
	s.logs.Close()
}

// stop asks attune to shut down cleanly.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.kill()
	}
	s.logs.Close()
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr())
}
