package scaleout_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/proctest"
)

// site is the shared configuration of every process of the test.
type site struct {
	bin  string
	root string
	env  []string // ATTUNE_DATABASE_URL, ATTUNE_BLOB_URL, ATTUNE_MASTER_KEY_FILE, ...
}

// cli runs one attune subcommand against the shared database and bucket.
func (s *site) cli(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	return proctest.CLI(t, s.bin, s.env, stdin, append(args, "--data", filepath.Join(s.root, "cli"))...)
}

// proc is one running attune process of the site.
type proc struct {
	*proctest.Proc
	name string
	url  string // for a server
}

// start runs `attune serve` (addr set) or `attune worker` (addr empty),
// each with a data folder of its own, and stops it when the test ends.
func (s *site) start(t *testing.T, name, addr string, extraEnv ...string) *proc {
	t.Helper()
	data := filepath.Join(s.root, name)
	args := []string{"worker", "--data", data}
	if addr != "" {
		args = []string{"serve", "--data", data, "--addr", addr}
	}
	p := &proc{name: name, Proc: proctest.Start(t, s.bin, filepath.Join(s.root, name+".log"), append(s.env, extraEnv...), args...)}
	if addr != "" {
		p.url = "http://" + addr
		p.WaitHealthy(t, p.url, 60*time.Second)
	}
	return p
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

// token makes an API token for email with the CLI.
func (s *site) token(t *testing.T, email string) string {
	t.Helper()
	return proctest.Token(t, s.bin, s.env, "--email", email, "--data", filepath.Join(s.root, "cli"))
}
