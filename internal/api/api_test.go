package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/api"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

type client struct {
	t     *testing.T
	base  string
	token string
}

// call sends a request and decodes the JSON answer into out (when not nil).
func (c client) call(method, path, contentType, body string, out any) int {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: answer is not JSON: %s", method, path, b)
		}
	}
	return res.StatusCode
}

type apiError struct {
	Error struct{ Code, Message, Field string }
}

func TestCasesOverTheAPI(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		in.User(t, "ann@example.org", domain.RolePractitioner, true)
		bo, _ := in.User(t, "bo@example.org", domain.RoleSupervisor, true)
		ann := client{t, in.URL, in.Token(t, "ann@example.org")}
		sup := client{t, in.URL, in.Token(t, "bo@example.org")}

		var created map[string]any
		body := `{"reference":"K-17","focus":"How can I help him feel safe?","participants":[{"role":"adult","name":"Ann","relation":"mother"},{"role":"child","name":"Sam","birth_date":"2021-05-04"}]}`
		if s := ann.call("POST", "/api/v1/cases", "application/json", body, &created); s != 201 {
			t.Fatalf("create: %d %v", s, created)
		}
		id := created["id"].(string)
		if created["next_step"] != "Arrange the first meeting" || len(created["participants"].([]any)) != 2 {
			t.Fatalf("created case: %v", created)
		}
		var list struct{ Cases []map[string]any }
		if ann.call("GET", "/api/v1/cases", "", "", &list); len(list.Cases) != 1 || list.Cases[0]["id"] != id {
			t.Fatalf("list: %v", list)
		}
		var e apiError
		if s := sup.call("GET", "/api/v1/cases/"+id, "", "", &e); s != 404 || e.Error.Code != "not_found" {
			t.Fatalf("supervisor without share: %d %+v", s, e)
		}
		if s := ann.call("POST", "/api/v1/cases/"+id+"/shares", "application/json", `{"user_id":"`+bo.ID+`"}`, nil); s != 204 {
			t.Fatalf("share: %d", s)
		}
		var got map[string]any
		if s := sup.call("GET", "/api/v1/cases/"+id, "", "", &got); s != 200 || got["reference"] != "K-17" {
			t.Fatalf("supervisor with share: %d %v", s, got)
		}
		if s := ann.call("PATCH", "/api/v1/cases/"+id, "application/json", `{"focus":"Bedtime","version":1}`, &got); s != 200 || got["focus"] != "Bedtime" {
			t.Fatalf("patch: %d %v", s, got)
		}
		if s := ann.call("PATCH", "/api/v1/cases/"+id, "application/json", `{"focus":"Old tab","version":1}`, &e); s != 409 || !strings.Contains(e.Error.Message, "Reload") {
			t.Fatalf("stale patch: %d %+v", s, e)
		}
		if s := ann.call("PATCH", "/api/v1/cases/"+id, "application/json", `{"status":"closed"}`, &got); s != 200 || got["status"] != "closed" || got["closed_at"] == nil {
			t.Fatalf("close: %d %v", s, got)
		}
		checkAudit(t, in, id)
	})
}

// checkAudit finds the views and changes of the case in the trail, without
// content, and the chain intact.
func checkAudit(t *testing.T, in *apptest.Instance, caseID string) {
	ctx := context.Background()
	var entries []domain.AuditEntry
	in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		entries, err = tx.AuditEntries(ctx, store.AuditFilter{CaseID: caseID, Limit: 100})
		return err
	})
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Action] = true
		if strings.Contains(e.Detail, "K-17") || strings.Contains(e.Detail, "Sam") {
			t.Errorf("audit entry %d carries content: %q", e.Seq, e.Detail)
		}
	}
	for _, a := range []string{"case.create", "case.view", "case.share", "case.update", "case.close"} {
		if !seen[a] {
			t.Errorf("no %s entry in the audit trail for the case (have %v)", a, seen)
		}
	}
	r, err := in.Deps.Chain.Verify(ctx, in.Deps.DB)
	if err != nil || !r.Intact() {
		t.Fatalf("audit chain: %+v %v", r, err)
	}
}

func TestBadInputGetsClearErrors(t *testing.T) {
	in := apptest.Start(t, "")
	in.User(t, "ann@example.org", domain.RolePractitioner, false)
	ann := client{t, in.URL, in.Token(t, "ann@example.org")}
	long := strings.Repeat("x", 61)
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		code, field, says               string
	}{
		{"malformed JSON", "POST", "/api/v1/cases", "application/json", `{"reference":`, 400, "invalid", "", "cut short"},
		{"broken JSON", "POST", "/api/v1/cases", "application/json", `{"reference" "x"}`, 400, "invalid", "", "isn't valid JSON"},
		{"missing reference", "POST", "/api/v1/cases", "application/json", `{"focus":"x"}`, 400, "invalid", "reference", "required"},
		{"over-long reference", "POST", "/api/v1/cases", "application/json", `{"reference":"` + long + `"}`, 400, "invalid", "reference", "keep it to 60"},
		{"wrong type", "POST", "/api/v1/cases", "application/json", `{"reference":5}`, 400, "invalid", "reference", "should be a string"},
		{"unknown field", "POST", "/api/v1/cases", "application/json", `{"reference":"a","colour":"red"}`, 400, "invalid", "colour", "isn't a field"},
		{"wrong content type", "POST", "/api/v1/cases", "text/plain", `{"reference":"a"}`, 415, "unsupported_media_type", "", "Content-Type: application/json"},
		{"bad child birth date", "POST", "/api/v1/cases", "application/json", `{"reference":"a","participants":[{"role":"child","name":"Jo","birth_date":"04/05/2021"}]}`, 400, "invalid", "participants[0].birth_date", "year-month-day"},
		{"unknown role", "POST", "/api/v1/cases", "application/json", `{"reference":"a","participants":[{"role":"pet","name":"Rex"}]}`, 400, "invalid", "participants[0].role", "adult or a child"},
		{"two objects", "POST", "/api/v1/cases", "application/json", `{"reference":"a"}{}`, 400, "invalid", "", "one JSON object"},
		{"too large", "POST", "/api/v1/cases", "application/json", `{"reference":"` + strings.Repeat("y", 2<<20) + `"}`, 413, "too_large", "", "too large"},
		{"unknown id", "GET", "/api/v1/cases/doesnotexist", "", "", 404, "not_found", "", "couldn't find"},
		{"bad status filter", "GET", "/api/v1/cases?status=maybe", "", "", 400, "invalid", "status", "open or closed"},
		{"bad cursor", "GET", "/api/v1/cases?after=zzz", "", "", 400, "invalid", "after", "first page"},
		{"bad token", "GET", "/api/v1/me", "", "", 401, "unauthorized", "", "Bearer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := ann
			if c.name == "bad token" {
				cl.token = "nonsense"
			}
			var e apiError
			s := cl.call(c.method, c.path, c.ctype, c.body, &e)
			if s != c.status || e.Error.Code != c.code || e.Error.Field != c.field || !strings.Contains(e.Error.Message, c.says) {
				t.Fatalf("got %d %+v, want %d %s field %q saying %q", s, e.Error, c.status, c.code, c.field, c.says)
			}
		})
	}
	if s := ann.call("GET", "/healthz", "", "", nil); s != 200 {
		t.Fatalf("server stopped serving after bad input: %d", s)
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	in := apptest.Start(t, "")
	res, err := http.Get(in.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	for _, r := range in.Server.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		if _, ok := doc.Paths[r.Path][strings.ToLower(r.Method)]; !ok {
			t.Errorf("%s %s is not in the OpenAPI document", r.Method, r.Path)
		}
	}
}

func TestOpenAPIPartsCannotCollide(t *testing.T) {
	base := map[string]any{"paths": map[string]any{"/a": 1}, "components": map[string]any{"schemas": map[string]any{"A": 1}}}
	if err := api.MergeIntoForTest(base, map[string]any{"paths": map[string]any{"/a": 2}}); err == nil {
		t.Fatal("a part redefining a path was merged")
	}
	if err := api.MergeIntoForTest(base, map[string]any{"components": map[string]any{"schemas": map[string]any{"A": 2}}}); err == nil {
		t.Fatal("a part redefining a schema was merged")
	}
}
