package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
)

// TestRiskAlertsOverTheAPI: a case's alerts list the question, the answer,
// when it was raised, and, once acknowledged, by whom, when and what was done.
func TestRiskAlertsOverTheAPI(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		in.User(t, "bob@example.org", domain.RolePractitioner, false)
		cl := client{t, in.URL, in.Token(t, "ann@example.org")}
		bob := client{t, in.URL, in.Token(t, "bob@example.org")}
		owner := accounts.Actor{User: ann}
		c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "API-RISK"})
		if err != nil {
			t.Fatal(err)
		}
		q := in.Deps.Questionnaires
		lib, _ := q.Instruments(ctx, owner)
		var phq string
		for _, i := range lib {
			if i.Name == "PHQ-9" {
				phq = i.ID
			}
		}
		as, _, err := q.Assign(ctx, owner, c.ID, questionnaires.AssignInput{InstrumentID: phq, Point: "baseline"})
		if err != nil {
			t.Fatal(err)
		}
		acc := questionnaires.Access{Actor: owner, AssignmentID: as.ID}
		ans := questionnaires.Answers{"phq9-9": "LA6571-9"}
		for _, n := range strings.Fields("1 2 3 4 5 6 7 8") {
			ans["phq9-"+n] = "LA6568-5"
		}
		if err := q.Save(ctx, acc, ans); err != nil {
			t.Fatal(err)
		}
		if _, _, err := q.Submit(ctx, acc); err != nil {
			t.Fatal(err)
		}
		type alert struct {
			ID             string
			Instrument     string
			Items          []struct{ Question, Answer string }
			RaisedAt       time.Time  `json:"raised_at"`
			AcknowledgedBy *string    `json:"acknowledged_by"`
			AcknowledgedAt *time.Time `json:"acknowledged_at"`
			Action         *string
		}
		var got struct{ Alerts []alert }
		if s := cl.call("GET", "/api/v1/cases/"+c.ID+"/alerts", "", "", &got); s != 200 || len(got.Alerts) != 1 {
			t.Fatalf("alerts: %d %+v", s, got)
		}
		a := got.Alerts[0]
		if a.Instrument != "PHQ-9" || len(a.Items) != 1 || !strings.Contains(a.Items[0].Question, "better off dead") ||
			a.Items[0].Answer != "Nearly every day" || a.RaisedAt.IsZero() || a.AcknowledgedBy != nil || a.Action != nil {
			t.Fatalf("alert: %+v", a)
		}
		var e apiError
		if s := bob.call("GET", "/api/v1/cases/"+c.ID+"/alerts", "", "", &e); s != 404 {
			t.Fatalf("another practitioner: %d", s)
		}
		if _, err := q.Acknowledge(ctx, owner, a.ID, "Rang her; safety plan agreed."); err != nil {
			t.Fatal(err)
		}
		cl.call("GET", "/api/v1/cases/"+c.ID+"/alerts", "", "", &got)
		a = got.Alerts[0]
		if a.AcknowledgedBy == nil || *a.AcknowledgedBy != ann.ID || a.AcknowledgedAt == nil || a.Action == nil || *a.Action != "Rang her; safety plan agreed." {
			t.Fatalf("acknowledged: %+v", a)
		}
	})
}
