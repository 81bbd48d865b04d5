package upload

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"
)

// tusd's log lines come out through attune's logger: JSON when attune logs
// JSON, with their attributes and groups, warnings and errors only.
func TestTusdLogsThroughAttunesLogger(t *testing.T) {
	var buf bytes.Buffer
	l := tusLogger(slog.New(slog.NewJSONHandler(&buf, nil)))
	l.Info("chatter")
	l.With("id", "u1").WithGroup("req").Warn("ResponseOutgoing", "status", 409, "method", "PATCH")
	var rec struct {
		Level, Msg, ID string
		Req            struct {
			Status int
			Method string
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("not one JSON line: %q", buf.String())
	}
	if rec.Level != "WARN" || rec.Msg != "ResponseOutgoing" || rec.ID != "u1" || rec.Req.Status != 409 || rec.Req.Method != "PATCH" {
		t.Fatalf("line: %q", buf.String())
	}
}
