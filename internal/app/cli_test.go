package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/attune-vig/attune/internal/app"
)

// run runs the attune command line in-process.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := app.Main(context.Background(), args, app.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	code, out, errs := run(t, "a long enough password\n", "user", "add", "--data", data, "--email", "ann@example.org", "--name", "Ann Guider", "--role", "practitioner")
	if code != 0 || !strings.Contains(out, "Added Ann Guider") || !strings.Contains(errs, "BACK IT UP") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	code, out, _ = run(t, "", "user", "add", "--data", data, "--email", "bo@example.org", "--name", "Bo", "--role", "supervisor")
	if code != 0 || !strings.Contains(out, "/reset/") {
		t.Fatalf("user add without a password must print a one-time link: %d %q", code, out)
	}
	code, _, errs = run(t, "short\n", "user", "add", "--data", data, "--email", "cy@example.org", "--name", "Cy", "--role", "practitioner")
	if code != 1 || !strings.Contains(errs, "at least 12 characters") {
		t.Fatalf("weak password: %d %q", code, errs)
	}
	code, _, errs = run(t, "a long enough password\n", "user", "add", "--data", data, "--email", "cy@example.org", "--name", "Cy", "--role", "boss")
	if code != 1 || !strings.Contains(errs, "Choose a role") {
		t.Fatalf("bad role: %d %q", code, errs)
	}
	code, out, _ = run(t, "", "token", "create", "--data", data, "--email", "ann@example.org")
	if code != 0 || len(strings.TrimSpace(out)) != 43 {
		t.Fatalf("token create: %d %q", code, out)
	}
	code, out, _ = run(t, "", "token", "create", "--data", data, "--email", "ann@example.org", "--label", "nightly export")
	code, list, _ := run(t, "", "token", "list", "--data", data, "--email", "ann@example.org")
	id, _, _ := strings.Cut(strings.Split(list, "\n")[1], " ")
	if code != 0 || !strings.Contains(list, "nightly export") || !strings.Contains(list, time.Now().AddDate(0, 0, 90).UTC().Format("2006-01-02")) {
		t.Fatalf("token list: %d %q", code, list)
	}
	if code, got, errs := run(t, "", "token", "revoke", "--data", data, "--id", id); code != 0 || !strings.Contains(got, "Revoked") {
		t.Fatalf("token revoke %s: %d %q %q", id, code, got, errs)
	}
	if _, list, _ = run(t, "", "token", "list", "--data", data, "--email", "ann@example.org"); strings.Contains(list, id) || strings.Count(list, "\n") != 2 {
		t.Fatalf("token list after revoking %s: %q", id, list)
	}
	code, _, errs = run(t, "", "token", "create", "--data", data, "--email", "nobody@example.org")
	if code != 1 || !strings.Contains(errs, "no account") {
		t.Fatalf("token for nobody: %d %q", code, errs)
	}
	code, out, _ = run(t, "", "audit", "verify", "--data", data)
	if code != 0 || !strings.Contains(out, "intact: 5 entries") {
		t.Fatalf("audit verify: %d %q", code, out)
	}
	tamper(t, filepath.Join(data, "attune.db"), `UPDATE audit_log SET ip = '10.0.0.1' WHERE seq = 2`)
	code, out, _ = run(t, "", "audit", "verify", "--data", data)
	if code != 1 || !strings.Contains(out, "BROKEN at entry 2") {
		t.Fatalf("audit verify after tampering: %d %q", code, out)
	}
	if code, _, errs = run(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errs)
	}
}

func tamper(t *testing.T, path, q string) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe to read while serve writes to it.
type syncBuffer struct {
	ch  chan struct{}
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	<-s.ch
	defer func() { s.ch <- struct{}{} }()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	<-s.ch
	defer func() { s.ch <- struct{}{} }()
	return s.buf.String()
}

func TestServePrintsTheSetupLink(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{ch: make(chan struct{}, 1)}
	out.ch <- struct{}{}
	done := make(chan int)
	go func() {
		done <- app.Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()},
			app.Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: &bytes.Buffer{}})
	}()
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/setup/[A-Za-z0-9_-]{43}`)
	deadline := time.Now().Add(20 * time.Second)
	for !link.MatchString(out.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("no setup link printed: %q", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "attune is ready at http://127.0.0.1:") {
		t.Fatalf("no address printed: %q", out.String())
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d after cancel", code)
	}
}
