package api_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

func get(t *testing.T, url, token, rng string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func countAudit(t *testing.T, in *apptest.Instance, action string) int {
	n := 0
	ctx := context.Background()
	in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		es, err := tx.AuditEntries(ctx, store.AuditFilter{Action: action, Limit: 1000})
		n = len(es)
		return err
	})
	return n
}

func TestRecordingsServeRangesAuditViewingsAndErase(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		tok := in.Token(t, "ann@example.org")
		ctx := context.Background()
		c, err := in.Deps.Cases.Create(ctx, accounts.Actor{User: ann}, casework.Input{Reference: "R-1"})
		if err != nil {
			t.Fatal(err)
		}
		rec := in.ReadyRecording(t, accounts.Actor{User: ann}, c.ID)
		want := strings.Repeat(domain.FilePlayback, 1000)

		status, body := get(t, in.URL+"/api/v1/recordings/"+rec.ID+"/video", tok, "bytes=0-99")
		if status != 206 || body != want[:100] {
			t.Fatalf("first range: %d %q", status, body[:min(len(body), 20)])
		}
		status, body = get(t, in.URL+"/api/v1/recordings/"+rec.ID+"/video", tok, "bytes=5000-5999")
		if status != 206 || body != want[5000:6000] {
			t.Fatalf("later range: %d", status)
		}
		status, body = get(t, in.URL+"/api/v1/recordings/"+rec.ID+"/video", tok, "")
		if status != 200 || body != want {
			t.Fatalf("whole file: %d, %d bytes", status, len(body))
		}
		if n := countAudit(t, in, "recording.view.playback"); n != 1 {
			t.Fatalf("%d viewing entries for three requests of one viewer in one window, want 1", n)
		}

		var objects []string
		objects, _ = in.Deps.Blobs.List(ctx, "rec/"+rec.ID+"/")
		if len(objects) != 6 {
			t.Fatalf("stored objects before delete: %v", objects)
		}
		cl := client{t, in.URL, tok}
		if s := cl.call("DELETE", "/api/v1/recordings/"+rec.ID, "", "", nil); s != 204 {
			t.Fatalf("delete: %d", s)
		}
		objects, _ = in.Deps.Blobs.List(ctx, "rec/"+rec.ID+"/")
		if len(objects) != 0 {
			t.Fatalf("blobs left after erasure: %v", objects)
		}
		var files []*domain.StoredFile
		in.Deps.DB.View(ctx, func(tx *store.Tx) error { files, err = tx.RecordingFiles(ctx, rec.ID); return err })
		if len(files) != 0 {
			t.Fatalf("file rows (keys) left after erasure: %d", len(files))
		}
		if status, _ := get(t, in.URL+"/api/v1/recordings/"+rec.ID+"/video", tok, ""); status != 404 {
			t.Fatalf("video after erasure: %d", status)
		}
	})
}

func TestCreatingARecordingChecksSizeAndQuota(t *testing.T) {
	in := apptest.Start(t, "")
	ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
	cl := client{t, in.URL, in.Token(t, "ann@example.org")}
	c, _ := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: ann}, casework.Input{Reference: "R-1"})
	in.FilmingConsent(t, accounts.Actor{User: ann}, c.ID)
	cases := []struct {
		name, body string
		status     int
		says       string
	}{
		{"empty file", `{"filename":"a.mp4","size":0}`, 400, "empty"},
		{"over the per-file limit", `{"filename":"a.mp4","size":2000000000}`, 413, "the limit is"},
		{"no size", `{"filename":"a.mp4"}`, 400, "size"},
		{"a NUL in the name", `{"filename":"a\u0000.mp4","size":1000000000}`, 400, "NUL"},
		{"fits", `{"filename":"../../etc/passwd.mp4","size":1000000000}`, 201, ""},
		{"fits again", `{"filename":"b.mp4","size":1000000000}`, 201, ""},
		{"over the quota", `{"filename":"c.mp4","size":1000000000}`, 201, ""},
		{"quota exhausted", `{"filename":"d.mp4","size":1000000000}`, 201, ""},
		{"quota now exceeded", `{"filename":"e.mp4","size":1000000000}`, 413, "allowance"},
	}
	for _, tc := range cases {
		var out map[string]any
		s := cl.call("POST", "/api/v1/cases/"+c.ID+"/recordings", "application/json", tc.body, &out)
		if s != tc.status {
			t.Fatalf("%s: status %d (%v), want %d", tc.name, s, out, tc.status)
		}
		if tc.says != "" && !strings.Contains(out["error"].(map[string]any)["message"].(string), tc.says) {
			t.Fatalf("%s: message %v should say %q", tc.name, out, tc.says)
		}
		if s == 201 && (out["upload_url"] != "/api/v1/uploads/"+out["id"].(string) || strings.Contains(out["filename"].(string), "/")) {
			t.Fatalf("%s: %v", tc.name, out)
		}
	}
}

// TestSupervisorNeedsSupervisionConsent: a supervisor a case is shared with
// may watch its films only while the family's consent to supervision is in
// force.
func TestSupervisorNeedsSupervisionConsent(t *testing.T) {
	in := apptest.Start(t, "")
	ctx := context.Background()
	ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
	sup, _ := in.User(t, "sue@example.org", domain.RoleSupervisor, false)
	owner := accounts.Actor{User: ann}
	c, _ := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "S-1"})
	if err := in.Deps.Cases.Share(ctx, owner, c.ID, sup.ID); err != nil {
		t.Fatal(err)
	}
	rec := in.ReadyRecording(t, owner, c.ID)
	tok := in.Token(t, "sue@example.org")
	video := in.URL + "/api/v1/recordings/" + rec.ID + "/video"
	if status, body := get(t, video, tok, ""); status != 403 || !strings.Contains(body, "consented to supervision") {
		t.Fatalf("supervisor without supervision consent: %d %s", status, body)
	}
	in.Consent(t, owner, c.ID, domain.PurposeSupervision)
	if status, _ := get(t, video, tok, ""); status != 200 {
		t.Fatalf("supervisor with supervision consent: %d", status)
	}
	if status, _ := get(t, video, in.Token(t, "ann@example.org"), ""); status != 200 {
		t.Fatalf("the practitioner: %d", status)
	}
}
