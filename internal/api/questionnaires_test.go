package api_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
)

// TestInstrumentsOverTheAPI: an administrator imports a FHIR Questionnaire
// (bad ones answer 400/415/422 naming the problem), gets it back as FHIR; a
// guider assigns PHQ-9, the parent's answers are scored and exported.
func TestInstrumentsOverTheAPI(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		in.User(t, "admin@example.org", domain.RoleAdmin, false)
		ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		adm := client{t, in.URL, in.Token(t, "admin@example.org")}
		cl := client{t, in.URL, in.Token(t, "ann@example.org")}
		doc, err := os.ReadFile("../questionnaires/testdata/parenting.json")
		if err != nil {
			t.Fatal(err)
		}
		var e apiError
		if s := cl.call("POST", "/api/v1/instruments", "application/fhir+json", string(doc), &e); s != 403 {
			t.Fatalf("a practitioner imports: %d", s)
		}
		if s := adm.call("POST", "/api/v1/instruments", "text/plain", string(doc), &e); s != 415 {
			t.Fatalf("wrong content type: %d", s)
		}
		if s := adm.call("POST", "/api/v1/instruments", "application/fhir+json", `{"resourceType":`, &e); s != 400 {
			t.Fatalf("not JSON: %d %+v", s, e)
		}
		bad := strings.Replace(string(doc), `{"valueInteger": 3}, {"valueInteger": 4}]},
      {"linkId": "q3"`, `{"valueInteger": 3}, {"valueBoolean": true}]},
      {"linkId": "q3"`, 1)
		if s := adm.call("POST", "/api/v1/instruments", "application/fhir+json", bad, &e); s != 422 ||
			e.Error.Field != "item[2].item[1].answerOption[3]" || !strings.HasPrefix(e.Error.Message, "item[2].item[1].answerOption[3]: ") {
			t.Fatalf("invalid questionnaire: %d %+v", s, e)
		}
		var made struct {
			ID       string
			Created  bool
			Warnings []string
		}
		if s := adm.call("POST", "/api/v1/instruments", "application/fhir+json", string(doc), &made); s != 201 || !made.Created || len(made.Warnings) != 2 {
			t.Fatalf("import: %d %+v", s, made)
		}
		if s := adm.call("POST", "/api/v1/instruments", "application/fhir+json", string(doc), &made); s != 200 || made.Created {
			t.Fatalf("the same again: %d %+v", s, made)
		}
		req, _ := http.NewRequest("GET", in.URL+"/api/v1/instruments/"+made.ID, nil)
		req.Header.Set("Authorization", "Bearer "+cl.token)
		req.Header.Set("Accept", "application/fhir+json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		back, err := questionnaires.ImportFHIR(body)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/fhir+json" || err != nil || back.Instrument.Title != "Parenting example scale" {
			t.Fatalf("FHIR back: %d %v %s", res.StatusCode, err, body)
		}
		var lib struct{ Instruments []struct{ ID, Name string } }
		cl.call("GET", "/api/v1/instruments", "", "", &lib)
		phq := ""
		for _, i := range lib.Instruments {
			if i.Name == "PHQ-9" {
				phq = i.ID
			}
		}
		if len(lib.Instruments) != 3 || phq == "" {
			t.Fatalf("library: %+v", lib)
		}
		c, _ := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: ann}, casework.Input{Reference: "Q-1"})
		base := "/api/v1/cases/" + c.ID
		if s := cl.call("POST", base+"/assignments", "application/json", `{"instrument_id":"`+phq+`","point":"cycle"}`, &e); s != 400 || e.Error.Field != "cycle" {
			t.Fatalf("no cycle: %d %+v", s, e)
		}
		var as struct{ ID, Link string }
		if s := cl.call("POST", base+"/assignments", "application/json", `{"instrument_id":"`+phq+`","point":"baseline"}`, &as); s != 201 || !strings.Contains(as.Link, "/q/") {
			t.Fatalf("assign: %d %+v", s, as)
		}
		if s := cl.call("GET", "/api/v1/responses/"+as.ID, "", "", &e); s != 409 {
			t.Fatalf("no response before it is completed: %d", s)
		}
		_, token, _ := strings.Cut(as.Link, "/q/")
		acc := questionnaires.Access{Token: token}
		ans := questionnaires.Answers{}
		for _, id := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
			ans["phq9-"+id] = "LA6570-1"
		}
		ans["phq9-9"] = "LA6568-5"
		if err := in.Deps.Questionnaires.Save(context.Background(), acc, ans); err != nil {
			t.Fatal(err)
		}
		if _, _, err := in.Deps.Questionnaires.Submit(context.Background(), acc); err != nil {
			t.Fatal(err)
		}
		var list struct {
			Assignments []struct{ Status, Band string }
		}
		if cl.call("GET", base+"/assignments", "", "", &list); len(list.Assignments) != 1 || list.Assignments[0].Band != "Moderately severe" {
			t.Fatalf("assignments: %+v", list)
		}
		var qr struct{ ResourceType string }
		if s := cl.call("GET", "/api/v1/responses/"+as.ID, "", "", &qr); s != 200 || qr.ResourceType != "QuestionnaireResponse" {
			t.Fatalf("response: %d %+v", s, qr)
		}
		if s := cl.call("GET", base+"/outcomes.csv", "", "", nil); s != 200 {
			t.Fatalf("csv: %d", s)
		}
		var rep struct{ Figures []map[string]string }
		if s := adm.call("GET", "/api/v1/report?from=2020-01-01", "", "", &rep); s != 200 || len(rep.Figures) < 3 {
			t.Fatalf("report: %d %+v", s, rep)
		}
		if s := adm.call("GET", "/api/v1/report?from=someday", "", "", &e); s != 400 || e.Error.Field != "from" {
			t.Fatalf("bad period: %d %+v", s, e)
		}
	})
}
