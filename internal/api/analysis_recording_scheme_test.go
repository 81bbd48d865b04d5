package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// A recording is coded with the scheme chosen for it before its first
// moment: its codes are accepted, the default scheme's are not, and once
// something is coded the scheme can't change.
func TestRecordingCodedWithItsChosenScheme(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 20)
		in.User(t, "admin@example.org", domain.RoleAdmin, false)
		admin := client{t, in.URL, in.Token(t, "admin@example.org")}
		var sc scheme
		body := `{"name":"Guider's side","codes":[{"code":"guider-attentive","label":"Guider attentive","colour":"#1f5fa8","key":"g"}]}`
		if s := admin.call("POST", "/api/v1/schemes", "application/json", body, &sc); s != 201 {
			t.Fatalf("admin adds a scheme: %d", s)
		}
		put := func(id string, out any) int {
			return f.c.call("PUT", "/api/v1/recordings/"+f.rec+"/scheme", "application/json", `{"scheme_id":"`+id+`"}`, out)
		}
		var e apiError
		if s := put("no-such-scheme", &e); s != 400 || e.Error.Field != "scheme_id" {
			t.Errorf("an unknown scheme: %d %+v", s, e)
		}
		var rec struct {
			SchemeID string `json:"scheme_id"`
		}
		if s := put(sc.ID, &rec); s != 200 || rec.SchemeID != sc.ID {
			t.Fatalf("choosing the scheme: %d %+v", s, rec)
		}
		if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/annotations", "application/json", `{"start_frame":2,"code":"guiding"}`, &e); s != 400 {
			t.Errorf("a default-scheme code on a film coded with another scheme: %d %+v", s, e)
		}
		f.annotate(t, f.rec, `{"start_frame":2,"code":"guider-attentive"}`)
		if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/clips", "application/json", `{"start_frame":1,"end_frame":5,"codes":["guider-attentive"]}`, nil); s != 201 {
			t.Errorf("a clip with the chosen scheme's code: %d", s)
		}
		if s := put("default", &e); s != 409 || !strings.Contains(e.Error.Message, "2 coded moments or clips") {
			t.Errorf("changing the scheme of a coded film: %d %+v", s, e)
		}
		if s := put(sc.ID, nil); s != 200 {
			t.Errorf("choosing the scheme it has again: %d", s)
		}
		f.c.call("GET", "/api/v1/recordings/"+f.rec, "", "", &rec)
		if rec.SchemeID != sc.ID {
			t.Errorf("the recording says scheme %q, want %q", rec.SchemeID, sc.ID)
		}
	})
}

// Reading a recording's whole coding is a viewing on record; the polls that
// follow it are not recorded one by one.
func TestAnnotationListIsAudited(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 10)
		f.annotate(t, f.rec, `{"start_frame":2,"code":"guiding"}`)
		before := countAudit(t, in, "annotation.list")
		if s := f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations", "", "", nil); s != 200 {
			t.Fatalf("list: %d", s)
		}
		for range 3 {
			f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations/changes?since=0", "", "", nil)
		}
		if n := countAudit(t, in, "annotation.list") - before; n != 1 {
			t.Errorf("one list and three polls left %d annotation.list entries, want 1", n)
		}
	})
}

// A coding CSV over the 1 MiB cap of other requests is imported whole.
func TestLargeCodingImport(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 100)
		var b strings.Builder
		b.WriteString("code,start_frame,end_frame,note\n")
		note := strings.Repeat("x", 600)
		for i := range 2000 {
			fmt.Fprintf(&b, "guiding,%d,%d,%s\n", i%100, i%100, note)
		}
		if b.Len() <= 1<<20 {
			t.Fatalf("the CSV is %d bytes, want over 1 MiB", b.Len())
		}
		var rep struct{ Created int }
		if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/annotations.csv", "text/csv", b.String(), &rep); s != 200 || rep.Created != 2000 {
			t.Fatalf("importing a %d-byte CSV: %d %+v", b.Len(), s, rep)
		}
	})
}
