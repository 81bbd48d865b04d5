package app_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
)

// The caseload finds a case by letters of its reference, on the page (the
// words say what was searched and how to see every case again, and a search
// that finds nothing says so) and in GET /api/v1/cases?reference=.
func TestCaseloadFindsByReference(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		u, _ := in.User(t, "finder@example.org", domain.RolePractitioner, false)
		for _, ref := range []string{"KIN-2031", "KIN-2032", "OAK-7"} {
			_, err := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: u}, casework.Input{Reference: ref, Focus: "Play",
				Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		web := signedIn(t, in, "finder@example.org")
		page := html.UnescapeString(get(t, web, in.URL+"/?status=open&reference=kin-203"))
		wantSays(t, page, "the search", "Find a case by its reference", "KIN-2031", "KIN-2032",
			"Cases whose reference holds “kin-203”.", `href="/?status=open">Show every case`)
		if strings.Contains(page, "OAK-7") {
			t.Error("the search for kin-203 shows OAK-7")
		}
		page = html.UnescapeString(get(t, web, in.URL+"/?status=open&reference=ELM"))
		wantSays(t, page, "a search that finds nothing", "No case here has a reference holding “ELM”.")

		token := in.Token(t, "finder@example.org")
		res := apiCall(t, in, token, "GET", "/api/v1/cases?reference=oak", nil)
		cases, _ := res["cases"].([]any)
		if len(cases) != 1 || fmt.Sprint(cases[0].(map[string]any)["reference"]) != "OAK-7" {
			t.Errorf("GET /api/v1/cases?reference=oak: %v, want OAK-7 alone", res)
		}
		seen := map[string]bool{}
		for after := ""; ; {
			res = apiCall(t, in, token, "GET", "/api/v1/cases?reference=kin&limit=1&after="+after, nil)
			for _, c := range res["cases"].([]any) {
				seen[fmt.Sprint(c.(map[string]any)["reference"])] = true
			}
			if after, _ = res["next"].(string); after == "" {
				break
			}
		}
		if len(seen) != 2 || !seen["KIN-2031"] || !seen["KIN-2032"] {
			t.Errorf("pages of one case each found %v, want KIN-2031 and KIN-2032", seen)
		}
		req, _ := http.NewRequest("GET", in.URL+"/api/v1/cases?limit=500", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("limit=500: %s, want 400", r.Status)
		}
	})
}
