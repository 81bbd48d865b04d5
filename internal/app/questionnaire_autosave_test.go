package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
)

// An autosave that arrives late (sent before the parent chose more answers
// and went on) changes only the answers it carries; moving between pages
// saves the whole page, where an emptied answer is cleared.
func TestLateAutosaveKeepsLaterAnswers(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		in.User(t, "owner@example.org", domain.RolePractitioner, false)
		owner := actorOf(t, in, "owner@example.org")
		c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "REF-A", Focus: "play"})
		if err != nil {
			t.Fatal(err)
		}
		ins, err := in.Deps.Questionnaires.Instruments(ctx, owner)
		if err != nil {
			t.Fatal(err)
		}
		var phq string
		var keys []string
		for _, i := range ins {
			keys = append(keys, i.Key)
			if strings.HasSuffix(i.Key, "/phq-9") {
				phq = i.ID
			}
		}
		if phq == "" {
			t.Fatalf("no PHQ-9 among %v", keys)
		}
		_, token, err := in.Deps.Questionnaires.Assign(ctx, owner, c.ID, questionnaires.AssignInput{InstrumentID: phq,
			Point: domain.PointBaseline, Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		post := func(form url.Values) {
			t.Helper()
			res, err := http.PostForm(in.URL+"/q/"+token, form)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode >= 400 {
				t.Fatalf("POST %v: %d", form, res.StatusCode)
			}
		}
		answers := func() map[string]string {
			f, err := in.Deps.Questionnaires.Open(ctx, questionnaires.Access{Token: token})
			if err != nil {
				t.Fatal(err)
			}
			return f.Answers
		}
		post(url.Values{"p": {"1"}, "act": {"next"}, "a.phq9-1": {"LA6570-1"}, "a.phq9-2": {"LA6570-1"}, "a.phq9-3": {"LA6570-1"}})
		post(url.Values{"p": {"1"}, "act": {"autosave"}, "a.phq9-1": {"LA6570-1"}}) // sent after the first click, arrives last
		if a := answers(); a["phq9-2"] == "" || a["phq9-3"] == "" {
			t.Fatalf("a late autosave cleared answers chosen after it: %v", a)
		}
		post(url.Values{"p": {"1"}, "act": {"back"}, "a.phq9-1": {"LA6570-1"}, "a.phq9-2": {"LA6570-1"}})
		if a := answers(); a["phq9-3"] != "" {
			t.Errorf("moving between pages with an answer left empty kept it: %v", a)
		}
	})
}
