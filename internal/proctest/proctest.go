// Package proctest runs the real attune binary in tests (kill -9, several
// servers and workers, a render killed midway): built once per test, each
// process in a process group of its own, so that a kill takes the ffmpeg
// it runs with it. Only tests import it.
package proctest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Build builds cmd/attune for the test and returns the binary's path.
func Build(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
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

// moduleRoot is the folder holding go.mod, above the test's own folder.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("proctest: no go.mod above the test's folder")
		}
		dir = up
	}
}

// CLI runs one attune subcommand, with env added to the environment, and
// returns what it printed; the test fails if it fails.
func CLI(t testing.TB, bin string, env []string, stdin string, args ...string) string {
	t.Helper()
	out, _ := run(t, bin, env, stdin, args)
	return out
}

// Token runs `attune token create` with args and returns the token alone
// (stdout; the advice on stderr is left out).
func Token(t testing.TB, bin string, env []string, args ...string) string {
	t.Helper()
	_, stdout := run(t, bin, env, "", append([]string{"token", "create"}, args...))
	return strings.TrimSpace(stdout)
}

// run runs bin and returns its output (stdout and stderr, in order) and its
// stdout alone; a failure ends the test with the output.
func run(t testing.TB, bin string, env []string, stdin string, args []string) (all, stdout string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, so lockedBuffer // stdout and stderr are copied by two goroutines
	cmd.Stdout, cmd.Stderr = io.MultiWriter(&out, &so), &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("attune %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String(), so.String()
}

// lockedBuffer is a buffer two goroutines may write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Proc is one running attune process.
type Proc struct {
	Cmd  *exec.Cmd
	Log  string // where its output goes (appended)
	logs *os.File
}

// Start runs bin with args, env added to the environment, its output
// appended to the file log. Stop or Kill it; the test's end kills it too.
func Start(t testing.TB, bin, log string, env []string, args ...string) *Proc {
	t.Helper()
	logs, err := os.OpenFile(log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proc{Cmd: exec.Command(bin, args...), Log: log, logs: logs}
	p.Cmd.Env = append(os.Environ(), env...)
	p.Cmd.Stdout, p.Cmd.Stderr = logs, logs
	p.Cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.Cmd.Start(); err != nil {
		logs.Close()
		t.Fatal(err)
	}
	t.Cleanup(p.Kill)
	return p
}

// WaitHealthy polls url's /healthz until it answers 200; after within, it
// kills the process and fails the test, pointing at the log.
func (p *Proc) WaitHealthy(t testing.TB, url string, within time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(within); ; time.Sleep(30 * time.Millisecond) {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			p.Kill()
			t.Fatalf("attune at %s did not become healthy within %s:\n%s", url, within, p.Text())
		}
	}
}

// Kill is SIGKILL to the whole group: attune and any ffmpeg it runs.
func (p *Proc) Kill() {
	if p.Cmd.ProcessState == nil {
		syscall.Kill(-p.Cmd.Process.Pid, syscall.SIGKILL)
		p.Cmd.Wait()
	}
	p.logs.Close()
}

// Stop asks attune to shut down cleanly, and kills it after 30 s.
func (p *Proc) Stop() {
	if p.Cmd.ProcessState != nil {
		return
	}
	p.Cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.Cmd.Wait(); close(done) }()
	select {
	case <-done:
		p.logs.Close()
	case <-time.After(30 * time.Second):
		syscall.Kill(-p.Cmd.Process.Pid, syscall.SIGKILL)
		<-done
		p.logs.Close()
	}
}

// Text is what the process has printed so far.
func (p *Proc) Text() string {
	b, _ := os.ReadFile(p.Log)
	return string(b)
}

// FreeAddr is a free address on 127.0.0.1.
func FreeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr())
}

// Serve starts `attune serve` on the data folder at addr with one video
// worker and a job stall of 6 s (a killed job comes back quickly), its log
// serve.log beside data, and waits until it answers.
func Serve(t testing.TB, bin, data, addr string) *Proc {
	t.Helper()
	p := Start(t, bin, filepath.Join(data, "..", "serve.log"), []string{"ATTUNE_DISK_RESERVE=0", "ATTUNE_JOB_STALL=6s"},
		"serve", "--data", data, "--addr", addr, "--workers", "1")
	p.WaitHealthy(t, "http://"+addr, 30*time.Second)
	return p
}
