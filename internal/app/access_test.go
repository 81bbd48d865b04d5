package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

// The callers every route is tried as.
const (
	anon     = "anonymous"
	owner    = "owner"
	other    = "other practitioner"
	supShare = "supervisor with a share"
	supNone  = "supervisor without a share"
	admin    = "admin"
)

var callers = []string{anon, owner, other, supShare, supNone, admin}

// expect is a route's expected status per caller; a single value is for all.
type expect map[string]int

func all(status int) expect { return expect{"*": status} }

func (e expect) for_(caller string) int {
	if s, ok := e[caller]; ok {
		return s
	}
	if s, ok := e[anon]; ok && anonLike[caller] {
		return s
	}
	return e["*"]
}

// Common shapes of expectation.
var (
	caseView  = expect{anon: 303, owner: 200, other: 404, supShare: 200, supNone: 404, admin: 403}
	caseEdit  = expect{anon: 401, owner: 303, other: 404, supShare: 403, supNone: 404, admin: 403}
	adminGET  = expect{anon: 303, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 200}
	adminPOST = expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 303}
	apiCase   = expect{anon: 401, owner: 200, other: 404, supShare: 200, supNone: 404, admin: 403}
	apiEdit   = expect{anon: 401, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}
)

// Parts of attune add their own rows and fixtures from their own test files
// (access_<part>_test.go), in an init function:
//
//	func init() { rowSources = append(rowSources, myRows); worldHooks = append(worldHooks, myWorld) }
var (
	rowSources []func(ids map[string]string) []row
	worldHooks []func(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string)
	// Parts may add callers too (append to callers, sign them in with a
	// callerHook); a caller in anonLike gets a row's anonymous status unless
	// the row names it (parents, whom staff routes treat as anonymous).
	callerHooks []func(t *testing.T, in *apptest.Instance, ids map[string]string, who map[string]*caller)
	anonLike    = map[string]bool{}
)

// row is one route with the request to send and what each caller gets.
type row struct {
	route  string // as registered: "METHOD /path"
	path   string // with ids filled in; "" = the route's own path
	body   string
	expect expect
	order  int    // destructive requests run last
	rng    string // a Range header to send, if any
}

func matrix(ids map[string]string) []row {
	c, sup, target, colleague := ids["case"], ids["supShare"], ids["target"], ids["colleague"]
	rec, rec2, up := ids["recording"], ids["recording2"], ids["uploading"]
	return []row{
		{route: "OPTIONS /api/v1/uploads/{id}", path: "/api/v1/uploads/" + up, expect: all(200)},
		{route: "HEAD /api/v1/uploads/{id}", path: "/api/v1/uploads/" + up,
			expect: expect{anon: 401, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "PATCH /api/v1/uploads/{id}", path: "/api/v1/uploads/" + up, body: strings.Repeat("v", 1000),
			expect: expect{anon: 401, owner: 204, other: 404, supShare: 403, supNone: 404, admin: 403}, order: 1},
		{route: "POST /api/v1/cases/{id}/recordings", path: "/api/v1/cases/" + c + "/recordings", body: `{"filename":"a.mp4","size":1000}`,
			expect: expect{anon: 401, owner: 201, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "GET /api/v1/cases/{id}/recordings", path: "/api/v1/cases/" + c + "/recordings", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}", path: "/api/v1/recordings/" + rec, expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/video", path: "/api/v1/recordings/" + rec + "/video", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/frames", path: "/api/v1/recordings/" + rec + "/frames", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/poster", path: "/api/v1/recordings/" + rec + "/poster", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/storyboard", path: "/api/v1/recordings/" + rec + "/storyboard", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/waveform", path: "/api/v1/recordings/" + rec + "/waveform", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/storyboard.json", path: "/api/v1/recordings/" + rec + "/storyboard.json", expect: apiCase},
		{route: "DELETE /api/v1/recordings/{id}", path: "/api/v1/recordings/" + rec,
			expect: expect{anon: 401, owner: 204, other: 404, supShare: 403, supNone: 404, admin: 403}, order: 7},
		{route: "GET /recordings/{id}", path: "/recordings/" + rec, expect: caseView},
		{route: "GET /recordings/{id}/delete", path: "/recordings/" + rec + "/delete", expect: caseView},
		{route: "POST /recordings/{id}/delete", path: "/recordings/" + rec2 + "/delete", expect: caseEdit, order: 7},
		{route: "POST /recordings/{id}/cycle", path: "/recordings/" + rec + "/cycle", body: "cycle=0", expect: caseEdit},
		{route: "GET /healthz", expect: all(200)},
		{route: "GET /metrics", expect: all(200)},
		{route: "GET /static/", path: "/static/attune.css", expect: all(200)},
		{route: "GET /favicon.ico", expect: all(301)},
		{route: "GET /api/v1/openapi.json", expect: all(200)},
		{route: "GET /login", expect: expect{anon: 200, "*": 303}},
		{route: "POST /login", body: "email=nobody@example.org&password=wrong-password-here", expect: all(401)},
		{route: "GET /login/verify", expect: expect{anon: 303, "*": 303}},
		{route: "POST /login/verify", body: "code=000000", expect: expect{anon: 401, "*": 400}},
		{route: "GET /account/mfa", expect: expect{anon: 303, "*": 200}},
		{route: "POST /account/mfa", body: "code=000000", expect: expect{anon: 401, "*": 400}},
		{route: "POST /logout", expect: expect{anon: 401, "*": 303}, order: 9},
		{route: "GET /setup/{token}", path: "/setup/not-a-real-token", expect: all(404)},
		{route: "POST /setup/{token}", path: "/setup/not-a-real-token", body: "name=X&email=x@example.org&password=long+enough+password", expect: all(404)},
		{route: "GET /reset/{token}", path: "/reset/not-a-real-token", expect: all(404)},
		{route: "POST /reset/{token}", path: "/reset/not-a-real-token", body: "password=long+enough+password", expect: all(404)},
		{route: "GET /{$}", path: "/", expect: expect{anon: 303, admin: 303, "*": 200}},
		{route: "GET /cases/new", expect: expect{anon: 303, owner: 200, other: 200, "*": 403}},
		{route: "POST /cases", body: "reference=NEW-1&p0_role=adult&p0_name=Kim&p0_relation=father", expect: expect{anon: 401, owner: 303, other: 303, "*": 403}},
		{route: "GET /cases/{id}", path: "/cases/" + c, expect: caseView},
		{route: "GET /cases/{id}/edit", path: "/cases/" + c + "/edit", expect: expect{anon: 303, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "POST /cases/{id}", path: "/cases/" + c, body: "reference=REF-1&focus=playing&p0_role=adult&p0_name=Ann&p0_relation=mother", expect: caseEdit},
		{route: "POST /cases/{id}/status", path: "/cases/" + c + "/status", body: "status=closed", expect: caseEdit, order: 5},
		{route: "POST /cases/{id}/shares", path: "/cases/" + c + "/shares", body: "user=" + colleague, expect: caseEdit},
		{route: "POST /cases/{id}/shares/{user}/remove", path: "/cases/" + c + "/shares/" + colleague + "/remove",
			expect: expect{anon: 401, owner: 303, other: 404, supShare: 403, supNone: 404, admin: 403}, order: 8},
		{route: "GET /admin/users", expect: adminGET},
		{route: "GET /admin/users/new", expect: adminGET},
		{route: "POST /admin/users", body: "name=New+Person&email=new.person@example.org&role=practitioner", expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 200}},
		{route: "GET /admin/users/{id}", path: "/admin/users/" + target, expect: adminGET},
		{route: "POST /admin/users/{id}/{action}", path: "/admin/users/" + target + "/require-mfa", expect: adminPOST},
		{route: "GET /admin/audit", expect: adminGET},
		{route: "GET /api/v1/me", expect: expect{anon: 401, "*": 200}},
		{route: "GET /api/v1/cases", expect: expect{anon: 401, admin: 403, "*": 200}},
		{route: "POST /api/v1/cases", body: `{"reference":"API-1","participants":[{"role":"child","name":"Jo","birth_date":"2020-01-02"}]}`,
			expect: expect{anon: 401, owner: 201, other: 201, "*": 403}},
		{route: "GET /api/v1/cases/{id}", path: "/api/v1/cases/" + c, expect: apiCase},
		{route: "PATCH /api/v1/cases/{id}", path: "/api/v1/cases/" + c, body: `{"focus":"bedtime"}`, expect: apiEdit},
		{route: "POST /api/v1/cases/{id}/shares", path: "/api/v1/cases/" + c + "/shares", body: `{"user_id":"` + colleague + `"}`,
			expect: expect{anon: 401, owner: 204, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "DELETE /api/v1/cases/{id}/shares/{user}", path: "/api/v1/cases/" + c + "/shares/" + sup,
			expect: expect{anon: 401, owner: 204, other: 404, supShare: 204, supNone: 404, admin: 403}, order: 8},
	}
}

// TestAccessMatrix tries every route as every kind of caller and compares the
// status with the table. A route missing from the table fails the test, so a
// new route cannot slip in without a decision about who may call it.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	for _, caller := range callers {
		t.Run(caller, func(t *testing.T) {
			t.Parallel()
			in, ids, who := world(t)
			rows := matrix(ids)
			for _, more := range rowSources {
				rows = append(rows, more(ids)...)
			}
			checkCovered(t, in, rows)
			checkDeclared(t, in)
			sort.SliceStable(rows, func(i, j int) bool { return rows[i].order < rows[j].order })
			client, routes := who[caller], routeTable(in)
			for _, r := range rows {
				head := auditHead(t, in)
				got := client.do(t, in.URL, r)
				if want := r.expect.for_(caller); got != want {
					t.Errorf("%s as %s: status %d, want %d", r.route, caller, got, want)
				}
				checkTrail(t, in, ids["actor:"+caller], routes[r.route], r, got, head)
			}
		})
	}
}

func checkCovered(t *testing.T, in *apptest.Instance, rows []row) {
	t.Helper()
	have := map[string]bool{}
	for _, r := range rows {
		have[r.route] = true
	}
	for _, rt := range in.Server.Routes() {
		if !have[rt.Method+" "+rt.Path] {
			t.Errorf("route %s %s (policy %s) has no row in the access matrix", rt.Method, rt.Path, rt.Policy)
		}
	}
}

func routeTable(in *apptest.Instance) map[string]server.Route {
	out := map[string]server.Route{}
	for _, rt := range in.Server.Routes() {
		out[rt.Method+" "+rt.Path] = rt
	}
	return out
}

// checkDeclared fails for a GET route that may return case content (a
// signed-in caller's route, or one under a case path) but declares neither
// server.Views (audited) nor server.Exempt (with the reason it shows none).
func checkDeclared(t *testing.T, in *apptest.Instance) {
	t.Helper()
	for _, rt := range in.Server.Routes() {
		signedIn := rt.Policy == server.Staff || rt.Policy == server.CaseStaff || rt.Policy == server.Practitioner || rt.Policy == server.Family
		if rt.Method != http.MethodGet || !signedIn && !server.CaseContentPath(rt.Path) {
			continue
		}
		if !rt.Views && rt.Exempt == "" {
			t.Errorf("route %s %s may return case content: declare server.Views (audited) or server.Exempt(reason)", rt.Method, rt.Path)
		}
	}
}

// checkTrail fails when an answer with case content wrote no audit entry
// for its caller, or a refused attempt on a case record left no denial
// entry naming it (one per caller and record in the window). On a public
// route the link in the path is the caller, so any new entry counts.
func checkTrail(t *testing.T, in *apptest.Instance, actor string, rt server.Route, r row, status int, head int64) {
	t.Helper()
	viewer := actor
	if rt.Policy == server.Public {
		viewer = ""
	}
	if rt.Views && (status == http.StatusOK || status == http.StatusPartialContent) && len(auditSince(t, in, viewer, head)) == 0 {
		t.Errorf("%s answered %d with case content and wrote no audit entry", r.route, status)
	}
	id := pathID(rt.Path, r.path)
	if actor != "" && rt.Object != "" && id != "" && (status == http.StatusForbidden || status == http.StatusNotFound) && !deniedOn(auditSince(t, in, actor, 0), id) {
		t.Errorf("%s refused (%d) an attempt on %s %s and wrote no denial entry", r.route, status, rt.Object, id)
	}
}

// pathID is the value of {id} in path, matched against the route's pattern.
func pathID(pattern, path string) string {
	path, _, _ = strings.Cut(path, "?")
	ps, vs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, p := range ps {
		if p == "{id}" && i < len(vs) && !strings.HasPrefix(vs[i], "{") {
			return vs[i]
		}
	}
	return ""
}

// world makes one instance with a case owned by "owner" and shared with one
// supervisor, and a signed-in client for every caller.
func world(t *testing.T) (*apptest.Instance, map[string]string, map[string]*caller) {
	return worldOn(t, "", nil)
}

// worldOn is world on the given database ("" for SQLite), with settings
// changed by configure (which may be nil).
func worldOn(t *testing.T, databaseURL string, configure func(*config.Config)) (*apptest.Instance, map[string]string, map[string]*caller) {
	in := apptest.StartWith(t, databaseURL, configure)
	users := map[string]*domain.User{}
	emails := map[string]string{owner: "owner@example.org", other: "other@example.org", supShare: "sup1@example.org",
		supNone: "sup2@example.org", admin: "admin@example.org"}
	roles := map[string]domain.Role{owner: domain.RolePractitioner, other: domain.RolePractitioner,
		supShare: domain.RoleSupervisor, supNone: domain.RoleSupervisor, admin: domain.RoleAdmin}
	for k, e := range emails {
		users[k], _ = in.User(t, e, roles[k], false)
	}
	target, _ := in.User(t, "target@example.org", domain.RolePractitioner, false)
	colleague, _ := in.User(t, "colleague@example.org", domain.RolePractitioner, false)
	ctx := context.Background()
	ownerActor := accounts.Actor{User: users[owner]}
	c, err := in.Deps.Cases.Create(ctx, ownerActor, casework.Input{Reference: "REF-1", Focus: "feeling safe",
		Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}, {Role: "child", Name: "Sam", BirthDate: "2021-05-04"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Deps.Cases.Share(ctx, ownerActor, c.ID, users[supShare].ID); err != nil {
		t.Fatal(err)
	}
	in.Consent(t, ownerActor, c.ID, domain.PurposeSupervision)
	ids := map[string]string{"case": c.ID, "supShare": users[supShare].ID, "target": target.ID, "colleague": colleague.ID,
		"recording": in.ReadyRecording(t, ownerActor, c.ID).ID, "recording2": in.ReadyRecording(t, ownerActor, c.ID).ID}
	up, err := in.Deps.Recordings.Create(ctx, ownerActor, c.ID, "coming.mp4", 1000)
	if err != nil {
		t.Fatal(err)
	}
	ids["uploading"] = up.ID
	for k, u := range users {
		ids["actor:"+k] = u.ID
	}
	for _, hook := range worldHooks {
		hook(t, in, ownerActor, ids)
	}
	who := map[string]*caller{anon: newCaller(t, in, "", "")}
	for k, e := range emails {
		who[k] = newCaller(t, in, e, in.Token(t, e))
	}
	for _, hook := range callerHooks {
		hook(t, in, ids, who)
	}
	return in, ids, who
}

// caller is a browser (cookie jar) plus an API token.
type caller struct {
	http  *http.Client
	token string
}

func newCaller(t *testing.T, in *apptest.Instance, email, token string) *caller {
	jar, _ := cookiejar.New(nil)
	c := &caller{token: token, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	if email == "" {
		return c
	}
	res, err := c.http.PostForm(in.URL+"/login", url.Values{"email": {email}, "password": {apptest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign in as %s: status %d to %q", email, res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

func (c *caller) do(t *testing.T, base string, r row) int {
	method, path, _ := strings.Cut(r.route, " ")
	if r.path != "" {
		path = r.path
	}
	req, _ := http.NewRequest(method, base+path, strings.NewReader(r.body))
	if strings.HasPrefix(path, "/api/v1/uploads/") {
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Content-Type", "application/offset+octet-stream")
		req.Header.Set("Upload-Offset", "0")
	}
	if strings.HasPrefix(path, "/api/") {
		if !strings.HasPrefix(path, "/api/v1/uploads/") {
			req.Header.Set("Content-Type", "application/json")
		}
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
	} else if r.body != "" || method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if r.rng != "" {
		req.Header.Set("Range", r.rng)
	}
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", r.route, err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}
