package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

func init() {
	rowSources = append(rowSources, questionnaireRows)
	worldHooks = append(worldHooks, questionnaireWorld)
}

// questionnaireWorld gives the main case three open PHQ-9s (one whose link
// the parent holds, one to make new links for, one to cancel) and a
// completed one with a risk answer, so an alert waits.
func questionnaireWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	q := in.Deps.Questionnaires
	lib, err := q.Instruments(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range lib {
		if i.Name == "PHQ-9" {
			ids["instrument"] = i.ID
		}
	}
	for _, k := range []string{"assignment", "assignment2", "assignment3", "response"} {
		as, token, err := q.Assign(ctx, owner, ids["case"], questionnaires.AssignInput{InstrumentID: ids["instrument"], Point: "baseline"})
		if err != nil {
			t.Fatal(err)
		}
		ids[k], ids[k+"-token"] = as.ID, token
	}
	acc := questionnaires.Access{Actor: owner, AssignmentID: ids["response"]}
	ans := questionnaires.Answers{}
	for _, n := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		ans["phq9-"+n] = "LA6569-3"
	}
	if err := q.Save(ctx, acc, ans); err != nil {
		t.Fatal(err)
	}
	if _, _, err := q.Submit(ctx, acc); err != nil {
		t.Fatal(err)
	}
	alerts, err := q.Alerts(ctx, owner)
	if err != nil || len(alerts) != 1 {
		t.Fatalf("alerts: %v %v", err, alerts)
	}
	ids["alert"] = alerts[0].ID
}

const tinyQuestionnaire = `{"resourceType":"Questionnaire","url":"https://example.org/q/tiny","name":"Tiny","status":"active",` +
	`"item":[{"linkId":"1","text":"How are you?","type":"choice","answerOption":[{"valueInteger":0},{"valueInteger":1}]}]}`

func questionnaireRows(ids map[string]string) []row {
	c, as, inst := ids["case"], "/assignments/"+ids["assignment"], ids["instrument"]
	apiMade := func(status int) expect {
		return expect{anon: 401, owner: status, other: 404, supShare: 403, supNone: 404, admin: 403}
	}
	formEdit := func(status int) expect {
		return expect{anon: 401, owner: status, other: 404, supShare: 403, supNone: 404, admin: 403}
	}
	staffAll := expect{anon: 401, "*": 200}
	adminAPI := expect{anon: 401, admin: 200, "*": 403}
	return []row{
		{route: "GET /api/v1/instruments", expect: staffAll},
		{route: "POST /api/v1/instruments", body: tinyQuestionnaire, expect: expect{anon: 401, admin: 201, "*": 403}},
		{route: "GET /api/v1/instruments/{id}", path: "/api/v1/instruments/" + inst, expect: staffAll},
		{route: "POST /api/v1/cases/{id}/assignments", path: "/api/v1/cases/" + c + "/assignments",
			body: `{"instrument_id":"` + inst + `","point":"end"}`, expect: apiMade(201)},
		{route: "GET /api/v1/cases/{id}/assignments", path: "/api/v1/cases/" + c + "/assignments", expect: apiCase},
		{route: "POST /api/v1/assignments/{id}/link", path: "/api/v1" + as + "/link", expect: apiMade(201), order: 2},
		{route: "GET /api/v1/responses/{id}", path: "/api/v1/responses/" + ids["response"], expect: apiCase},
		{route: "GET /api/v1/cases/{id}/outcomes.csv", path: "/api/v1/cases/" + c + "/outcomes.csv", expect: apiCase},
		{route: "GET /api/v1/report", expect: adminAPI},
		{route: "GET /api/v1/report.csv", expect: adminAPI},
		// The parent's link opens its one questionnaire for whoever holds it.
		{route: "GET /q/{token}", path: "/q/" + ids["assignment2-token"], expect: all(200)},
		{route: "POST /q/{token}", path: "/q/" + ids["assignment2-token"], body: "p=1&act=later&a.phq9-1=LA6568-5", expect: all(200)},
		{route: "GET /assignments/{id}/fill", path: as + "/fill", expect: expect{anon: 303, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "POST /assignments/{id}/fill", path: as + "/fill", body: "p=1&act=later", expect: formEdit(200)},
		{route: "GET /responses/{id}", path: "/responses/" + ids["response"], expect: caseView},
		{route: "GET /cases/{id}/outcomes", path: "/cases/" + c + "/outcomes", expect: caseView},
		{route: "GET /cases/{id}/outcomes.csv", path: "/cases/" + c + "/outcomes.csv", expect: caseView},
		{route: "POST /cases/{id}/assignments", path: "/cases/" + c + "/assignments", body: "instrument=" + inst + "&point=baseline", expect: formEdit(200)},
		{route: "POST /assignments/{id}/link", path: as + "/link", expect: formEdit(200), order: 2},
		{route: "POST /assignments/{id}/email", path: as + "/email", body: "email=ann@example.org&link=x", expect: formEdit(409)},
		{route: "POST /assignments/{id}/cancel", path: "/assignments/" + ids["assignment3"] + "/cancel", expect: caseEdit, order: 6},
		{route: "GET /outcomes/alerts", expect: expect{anon: 303, "*": 200}},
		// Without a note of the action taken: refused as a 400 only to those who may acknowledge.
		{route: "POST /alerts/{id}/acknowledge", path: "/alerts/" + ids["alert"] + "/acknowledge", body: "action=",
			expect: expect{anon: 401, owner: 400, other: 404, supShare: 400, supNone: 404, admin: 403}},
		{route: "GET /api/v1/cases/{id}/alerts", path: "/api/v1/cases/" + c + "/alerts", expect: apiCase},
		{route: "GET /admin/risk", expect: adminGET},
		{route: "POST /admin/risk", body: "hours=24&duty=", expect: adminPOST},
		{route: "GET /admin/instruments", expect: adminGET},
		{route: "POST /admin/instruments", body: "fhir=" + url.QueryEscape(tinyQuestionnaire), expect: expect{anon: 401, admin: 200, "*": 403}},
		{route: "GET /admin/instruments/{id}", path: "/admin/instruments/" + inst, expect: adminGET},
		{route: "GET /admin/instruments/{id}/fhir", path: "/admin/instruments/" + inst + "/fhir", expect: adminGET},
		{route: "GET /admin/report", expect: adminGET},
		{route: "GET /admin/report.csv", expect: adminGET},
		{route: "GET /admin/report.pdf", expect: adminGET},
	}
}

// TestParentLinkOpensNothingElse walks every route that is not public with a
// parent's link token presented every way a client could (bearer token,
// session cookie, query): each refuses it like an anonymous caller. A
// completed link then opens nothing at all.
func TestParentLinkOpensNothingElse(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "guider@example.org", domain.RolePractitioner, false)
	owner := accounts.Actor{User: u}
	ctx := context.Background()
	c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "LINK-1"})
	if err != nil {
		t.Fatal(err)
	}
	lib, _ := in.Deps.Questionnaires.Instruments(ctx, owner)
	phq := lib[0]
	for _, i := range lib {
		if i.Name == "PHQ-9" {
			phq = i
		}
	}
	as, token, err := in.Deps.Questionnaires.Assign(ctx, owner, c.ID, questionnaires.AssignInput{InstrumentID: phq.ID, Point: "baseline"})
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	fill := strings.NewReplacer("{id}", c.ID, "{token}", token, "{user}", u.ID, "{file}", token, "{kind}", "future", "{action}", "x", "{$}", "")
	checked := 0
	for _, rt := range in.Server.Routes() {
		if rt.Policy == server.Public {
			continue
		}
		path := fill.Replace(rt.Path)
		req, _ := http.NewRequest(rt.Method, in.URL+path+"?token="+token, strings.NewReader(""))
		req.Header.Set("Authorization", "Bearer "+token)
		req.AddCookie(&http.Cookie{Name: "attune_session", Value: token})
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc := res.Header.Get("Location")
		signIn := strings.HasPrefix(loc, "/login") || strings.HasPrefix(loc, "/family/signin")
		if res.StatusCode != 401 && !(res.StatusCode == 303 && signIn) {
			t.Errorf("%s %s with the parent's link: %d %q, want refused", rt.Method, path, res.StatusCode, loc)
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d routes checked", checked)
	}
	res, err := client.Get(in.URL + "/q/" + token)
	if err != nil || res.StatusCode != 200 || res.Header.Get("Referrer-Policy") != "no-referrer" || len(res.Cookies()) != 0 {
		t.Fatalf("the link itself: %v %d %q cookies %v", err, res.StatusCode, res.Header.Get("Referrer-Policy"), res.Cookies())
	}
	res.Body.Close()
	bad, _ := http.NewRequest("POST", in.URL+"/q/"+token, strings.NewReader("p=1&act=next&a.phq9-1=LA6571-9&a.phq9-2=3"))
	bad.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err = client.Do(bad)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 400 || !strings.Contains(string(body), "Please choose one of the answers shown") ||
		!strings.Contains(string(body), `value="LA6571-9" checked`) {
		t.Errorf("an answer outside the options: %d %s %.300s", res.StatusCode, res.Header.Get("Location"), body)
	}
	acc := questionnaires.Access{Token: token}
	if f, err := in.Deps.Questionnaires.Open(ctx, acc); err != nil || len(f.Answers) != 0 {
		t.Errorf("a page with a bad answer must save nothing: %v %v", err, f.Answers)
	}
	ans := questionnaires.Answers{}
	for _, it := range phq.Questions() {
		if it.Required {
			ans[it.LinkID] = it.Options[0].Code
		}
	}
	if err := in.Deps.Questionnaires.Save(ctx, acc, ans); err != nil {
		t.Fatal(err)
	}
	if _, _, err := in.Deps.Questionnaires.Submit(ctx, acc); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"GET", "POST"} {
		req, _ := http.NewRequest(m, in.URL+"/q/"+token, strings.NewReader("p=1&act=send"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("%s of a completed link: %d, want 404 (answers can't be read or sent again)", m, res.StatusCode)
		}
	}
	_ = as
}
