package app_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/questionnaires"
)

// A parent who opens a questionnaire from the family portal gets a link of
// the portal's own: the link the guider sent keeps working, the portal's
// previous one stops, and once the questionnaire is withdrawn none works.
func TestPortalQuestionnaireLinkLeavesTheSentOne(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		in.User(t, "owner@example.org", domain.RolePractitioner, false)
		owner := actorOf(t, in, "owner@example.org")
		c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "REF-Q", Focus: "play",
			Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}}})
		if err != nil {
			t.Fatal(err)
		}
		inv, err := in.Deps.Family.Invite(ctx, owner, c.ID, family.InviteInput{Name: "Ann", Email: "ann@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		parent := familySignIn(t, in, inv.Link)
		ins, err := in.Deps.Questionnaires.Instruments(ctx, owner)
		if err != nil || len(ins) == 0 {
			t.Fatalf("instruments: %v", err)
		}
		as, sent, err := in.Deps.Questionnaires.Assign(ctx, owner, c.ID, questionnaires.AssignInput{InstrumentID: ins[0].ID,
			Point: domain.PointBaseline, Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		fromPortal := func() string {
			res, err := parent.http.PostForm(in.URL+"/family/questionnaires/"+as.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("opening the questionnaire from the portal: status %d", res.StatusCode)
			}
			return res.Header.Get("Location")
		}
		status := func(link string) int {
			u, _ := url.Parse(link)
			res, err := http.Get(in.URL + u.Path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		first := fromPortal()
		second := fromPortal()
		for _, tc := range []struct {
			name, link string
			want       int
		}{
			{"the link the guider sent", "/q/" + sent, http.StatusOK},
			{"the portal's latest link", second, http.StatusOK},
			{"the portal's previous link", first, http.StatusNotFound},
		} {
			if got := status(tc.link); got != tc.want {
				t.Errorf("%s: status %d; want %d", tc.name, got, tc.want)
			}
		}
		if _, err := in.Deps.Questionnaires.Cancel(ctx, owner, as.ID); err != nil {
			t.Fatal(err)
		}
		for _, link := range []string{"/q/" + sent, second} {
			if got := status(link); got != http.StatusNotFound {
				t.Errorf("a link of a withdrawn questionnaire: status %d; want 404", got)
			}
		}
	})
}
