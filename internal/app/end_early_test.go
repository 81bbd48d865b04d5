package app_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// With cycles still open the case page doesn't offer "Move to the ending" as
// if it worked: it says why, and offers to end early, which cancels the
// open cycles after a confirmation and moves the case on, audited. A move
// refused anyway (from an old page) shows the case page with the reason.
func TestEndEarlyFromTheCasePage(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		a, c, cycles, web := caseInCycles(t, in)
		review(t, in, a, cycles[0].ID)
		casePage := html.UnescapeString(get(t, web, in.URL+"/cases/"+c.ID))
		if strings.Contains(casePage, "Move to the ending") {
			t.Error("the case page offers “Move to the ending” with cycles 2 and 3 open")
		}
		wantSays(t, casePage, "the case page", "The ending needs the open cycles closed: cycles 2 and 3 are still open.",
			`href="/cases/`+c.ID+`/end-early"`, "End early: cancel cycles 2 and 3")

		status, page := postForm(t, web, in.URL+"/cases/"+c.ID+"/stage", url.Values{"stage": {domain.StageEnding}})
		if status != http.StatusConflict {
			t.Errorf("moving to the ending with open cycles: %d, want 409", status)
		}
		wantSays(t, page, "the refused move", "Cycle 2 is still open", "End early: cancel cycles 2 and 3", "Goals, in the family")

		wantSays(t, html.UnescapeString(get(t, web, in.URL+"/cases/"+c.ID+"/end-early")), "the confirmation",
			"Cancel cycles 2 and 3 and move to the ending", `href="/cases/`+c.ID+`"`)
		status, page = postForm(t, web, in.URL+"/cases/"+c.ID+"/end-early", nil)
		if status != http.StatusOK {
			t.Fatalf("ending early: %d\n%.600s", status, page)
		}
		wantSays(t, page, "the case page after ending early", "Cycles 2 and 3 are cancelled. The case is at the ending.")
		stage, after, _ := in.Deps.Lifecycle.Stage(context.Background(), a, c.ID)
		if stage != domain.StageEnding || after[1].Status != domain.CycleCancelled || after[2].Status != domain.CycleCancelled {
			t.Errorf("after ending early: stage %s, cycles 2 and 3 %s and %s", stage, after[1].Status, after[2].Status)
		}
		wantAuditCount(t, in, c.ID, "cycle.update", 3+2) // cycle 1 reviewed in three moves, then two cancelled
		wantAuditCount(t, in, c.ID, "case.stage", 2)
	})
}

func wantSays(t *testing.T, page, where string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s doesn't say %q", where, w)
		}
	}
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, html.UnescapeString(string(b))
}

func wantAuditCount(t *testing.T, in *apptest.Instance, caseID, action string, n int) {
	t.Helper()
	var got []domain.AuditEntry
	err := in.Deps.DB.View(context.Background(), func(tx *store.Tx) (err error) {
		got, err = tx.AuditEntries(context.Background(), store.AuditFilter{CaseID: caseID, Action: action})
		return err
	})
	if err != nil || len(got) != n {
		t.Errorf("audit %s: %d entries (%v), want %d", action, len(got), err, n)
	}
}

// A rating refused (off the scale, or no number at all) shows the case page
// again with the reason, not a page without a way back.
func TestRefusedRatingShowsTheCasePage(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		a, c, _, web := caseInCycles(t, in)
		goals, err := in.Deps.Lifecycle.Goals(context.Background(), a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for value, want := range map[string]string{"11": "Ratings go from 0 to 10; 11 is outside the scale.", "": "Choose a rating from 0 to 10."} {
			status, page := postForm(t, web, in.URL+"/goals/"+goals[0].ID+"/ratings", url.Values{"value": {value}, "case": {c.ID}})
			if status != http.StatusBadRequest {
				t.Errorf("rating %q: %d, want 400", value, status)
			}
			wantSays(t, page, "the refused rating "+value, want, "Goals, in the family", "What comes next")
		}
	})
}
