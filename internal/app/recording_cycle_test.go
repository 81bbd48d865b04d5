package app_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// A recording added during the cycles belongs to the cycle under way and
// marks it filmed; the guider moves it to another cycle from the case page,
// and each cycle follows. A cancelled cycle takes no recording, and the case
// page says why.
func TestRecordingBelongsToTheCycleTheGuiderPicks(t *testing.T) {
	in := apptest.Start(t, "")
	ctx := context.Background()
	a, c, cycles, web := caseInCycles(t, in)
	rec := in.ReadyRecording(t, a, c.ID)
	statuses := func() []string {
		t.Helper()
		_, cs, err := in.Deps.Lifecycle.Stage(ctx, a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, y := range cs {
			out = append(out, y.Status)
		}
		return out
	}
	if got := statuses(); rec.Cycle != 1 || got[0] != domain.CycleFilmed || got[1] != domain.CyclePlanned {
		t.Fatalf("a recording added in the cycles: in cycle %d, cycles %v; want cycle 1, filmed", rec.Cycle, got)
	}
	status, page := postForm(t, web, in.URL+"/recordings/"+rec.ID+"/cycle", url.Values{"cycle": {"2"}})
	if status != http.StatusOK {
		t.Fatalf("moving the recording to cycle 2: status %d", status)
	}
	wantSays(t, html.UnescapeString(page), "the case page", "film.mp4 is now in cycle 2.", "a recording was added (")
	if got := statuses(); got[0] != domain.CyclePlanned || got[1] != domain.CycleFilmed {
		t.Errorf("after moving the recording to cycle 2 the cycles are %v, want planned, filmed", got)
	}
	if _, err := in.Deps.Lifecycle.MoveCycle(ctx, a, cycles[2].ID, lifecycle.CycleChange{Status: domain.CycleCancelled}); err != nil {
		t.Fatal(err)
	}
	status, page = postForm(t, web, in.URL+"/recordings/"+rec.ID+"/cycle", url.Values{"cycle": {"3"}})
	if status != http.StatusBadRequest {
		t.Errorf("moving the recording to a cancelled cycle: status %d, want 400", status)
	}
	wantSays(t, html.UnescapeString(page), "the case page", "This case has no cycle 3 to put the recording in", "<h1>")
}
