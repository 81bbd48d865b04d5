package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app"
	"github.com/attune-vig/attune/internal/server"
)

// With --log-format json every line attune logs is JSON: the request log,
// and also the lines of the parts that log without a logger of their own
// (server.LogError for a failed request, uploads, video processing).
func TestJSONLogsFromEveryPart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{ch: make(chan struct{}, 1)}
	out.ch <- struct{}{}
	logs := &syncBuffer{ch: make(chan struct{}, 1)}
	logs.ch <- struct{}{}
	done := make(chan int)
	go func() {
		done <- app.Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--log-format", "json"},
			app.Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: logs})
	}()
	ready := regexp.MustCompile(`attune is ready at (http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(60 * time.Second); !ready.MatchString(out.String()); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %q", out.String())
		}
	}
	server.LogError(httptest.NewRequest("GET", "/probe", nil), errors.New("probe from server.LogError"))
	slog.WarnContext(ctx, "probe from the default logger") // as upload and processing log
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	found := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if !strings.HasPrefix(line, "{") {
			if strings.Contains(line, "level=") || strings.HasPrefix(line, "20") { // slog's text or the log package's
				t.Errorf("a log line that isn't JSON: %q", line)
			}
			continue // the master key notice before the logs start
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("a log line that isn't JSON: %q", line)
			continue
		}
		found[rec["msg"].(string)+" "+str(rec["err"])] = true
	}
	for _, want := range []string{"request failed probe from server.LogError", "probe from the default logger "} {
		if !found[want] {
			t.Errorf("no JSON line %q in:\n%s", want, logs.String())
		}
	}
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}
