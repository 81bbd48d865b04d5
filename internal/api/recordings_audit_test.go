package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/store"
)

// TestPlaybackIsAuditedOncePerViewerAndWindow: a playback of hundreds of
// Range requests (and HEADs) is one entry per viewer in the window, not one
// per request, and a second viewer gets their own.
func TestPlaybackIsAuditedOncePerViewerAndWindow(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		bob, _ := in.User(t, "bob@example.org", domain.RolePractitioner, false)
		c, err := in.Deps.Cases.Create(ctx, accounts.Actor{User: ann}, casework.Input{Reference: "R-1"})
		if err != nil {
			t.Fatal(err)
		}
		if err := in.Deps.Cases.Share(ctx, accounts.Actor{User: ann}, c.ID, bob.ID); err != nil {
			t.Fatal(err)
		}
		rec := in.ReadyRecording(t, accounts.Actor{User: ann}, c.ID)
		video := in.URL + "/api/v1/recordings/" + rec.ID + "/video"
		for who, n := range map[string]int{"ann@example.org": 300, "bob@example.org": 40} {
			tok := in.Token(t, who)
			for i := range n {
				method, rng := "GET", []string{"", "bytes=0-", fmt.Sprintf("bytes=%d-", i), "bytes=-500", "bytes=1-2,0-"}[i%5]
				if i%7 == 0 {
					method = "HEAD"
				}
				if status := send(t, method, video, tok, rng); status != 200 && status != 206 {
					t.Fatalf("%s request %d (%s, Range %q): status %d", who, i, method, rng, status)
				}
			}
		}
		for _, u := range []*domain.User{ann, bob} {
			if n := len(entriesOf(t, in, u.ID, "recording.view.playback")); n != 1 {
				t.Errorf("%s: %d playback entries in one window, want 1", u.Email, n)
			}
		}
	})
}

// TestRefusedAttemptsAreAuditedButBounded: a refused attempt on a record is
// on the trail once per caller and record in the window; a caller trying
// many ids leaves RefusalsPerWindow entries and one saying more were not
// written one by one.
func TestRefusedAttemptsAreAuditedButBounded(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		eve, _ := in.User(t, "eve@example.org", domain.RolePractitioner, false)
		c, err := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: ann}, casework.Input{Reference: "R-1"})
		if err != nil {
			t.Fatal(err)
		}
		rec := in.ReadyRecording(t, accounts.Actor{User: ann}, c.ID)
		tok := in.Token(t, "eve@example.org")
		for range 20 {
			if status := send(t, "GET", in.URL+"/api/v1/recordings/"+rec.ID+"/video", tok, "bytes=0-"); status != 404 {
				t.Fatalf("another practitioner's attempt: status %d, want 404", status)
			}
		}
		denied := entriesOf(t, in, eve.ID, "recording.denied")
		if len(denied) != 1 || denied[0].ObjectID != rec.ID || denied[0].CaseID != c.ID || !strings.Contains(denied[0].Detail, "404") {
			t.Fatalf("twenty refusals of one record: %+v, want one entry naming it and its case", denied)
		}
		for i := range server.RefusalsPerWindow + 50 {
			send(t, "GET", fmt.Sprintf("%s/api/v1/recordings/guess%04d/poster", in.URL, i), tok, "")
		}
		if n := len(entriesOf(t, in, eve.ID, "recording.denied")); n != server.RefusalsPerWindow {
			t.Errorf("%d denial entries after a scan, want the cap of %d", n, server.RefusalsPerWindow)
		}
		if n := len(entriesOf(t, in, eve.ID, "audit.denied.limit")); n != 1 {
			t.Errorf("%d entries saying the cap was reached, want 1", n)
		}
	})
}

func send(t *testing.T, method, url, token, rng string) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// entriesOf lists an actor's entries whose action starts with action.
func entriesOf(t *testing.T, in *apptest.Instance, actor, action string) []domain.AuditEntry {
	t.Helper()
	var es []domain.AuditEntry
	ctx := context.Background()
	err := in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) {
		es, err = tx.AuditEntries(ctx, store.AuditFilter{ActorID: actor, Action: action, Limit: 1000})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return es
}
