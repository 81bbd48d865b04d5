package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/store"
)

// coding is a practitioner's case with two participants and a ready
// recording of `frames` frames whose frame table has an irregular rhythm
// (as phone video does), so nothing can pass by assuming a frame rate.
type coding struct {
	in      *apptest.Instance
	c       client
	actor   accounts.Actor
	caseID  string
	rec     string
	adult   string
	child   string
	goal    string // one of the family's goals
	frameUS []int64
}

func newCoding(t *testing.T, in *apptest.Instance, frames int) *coding {
	t.Helper()
	u, _ := in.User(t, "guide@example.org", domain.RolePractitioner, false)
	actor := accounts.Actor{User: u}
	ctx := context.Background()
	cs, err := in.Deps.Cases.Create(ctx, actor, casework.Input{Reference: "MA-1", Participants: []domain.Participant{
		{Role: "adult", Name: "Ann", Relation: "mother"}, {Role: "child", Name: "Sam", BirthDate: "2021-05-04"}}})
	if err != nil {
		t.Fatal(err)
	}
	f := &coding{in: in, c: client{t, in.URL, in.Token(t, "guide@example.org")}, actor: actor, caseID: cs.ID}
	for _, p := range cs.Participants {
		if p.Role == "adult" {
			f.adult = p.ID
		} else {
			f.child = p.ID
		}
	}
	g, err := in.Deps.Lifecycle.AddGoal(ctx, actor, cs.ID, lifecycle.GoalInput{HelpingQuestion: "How can I help Sam feel safe?", Now: 3, Hoped: 8})
	if err != nil {
		t.Fatal(err)
	}
	f.goal = g.ID
	f.rec = f.readyRecording(t, frames)
	return f
}

// readyRecording adds a ready recording with a real frame table.
func (f *coding) readyRecording(t *testing.T, frames int) string {
	t.Helper()
	ctx := context.Background()
	r := f.in.ReadyRecording(t, f.actor, f.caseID)
	f.frameUS = make([]int64, frames)
	ms := make([]string, frames)
	for i := range f.frameUS {
		f.frameUS[i] = int64(i)*40_000 + int64(i%3)*1_000 // 40 ms apart, give or take 1-2 ms
		ms[i] = fmt.Sprintf("%d.%03d", f.frameUS[i]/1000, f.frameUS[i]%1000)
	}
	body := `{"pts_ms":[` + strings.Join(ms, ",") + `]}`
	if _, err := f.in.Deps.Recordings.StoreFile(ctx, r.ID, domain.FileFrames, "application/json", strings.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	r.FrameCount, r.FPS, r.Width, r.Height = frames, 25, 320, 240
	if err := f.in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.UpdateRecording(ctx, r) }); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// annotate codes a moment and returns the created annotation.
func (f *coding) annotate(t *testing.T, rec, body string) map[string]any {
	t.Helper()
	var out map[string]any
	if s := f.c.call("POST", "/api/v1/recordings/"+rec+"/annotations", "application/json", body, &out); s != 201 {
		t.Fatalf("annotate %s: %d %v", body, s, out)
	}
	return out
}

// checkAuditHasNoContent: the case's audit entries name ids, never the words
// written on a moment; and the chain is intact.
func checkAuditHasNoContent(t *testing.T, in *apptest.Instance, caseID string, words ...string) {
	t.Helper()
	ctx := context.Background()
	var entries []domain.AuditEntry
	in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) {
		entries, err = tx.AuditEntries(ctx, store.AuditFilter{CaseID: caseID, Limit: 1000})
		return err
	})
	for _, e := range entries {
		for _, w := range words {
			if strings.Contains(e.Detail+e.ObjectID, w) {
				t.Errorf("audit entry %d (%s) carries content: %q", e.Seq, e.Action, e.Detail)
			}
		}
	}
	if r, err := in.Deps.Chain.Verify(ctx, in.Deps.DB); err != nil || !r.Intact() {
		t.Fatalf("audit chain: %+v %v", r, err)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// otherGoal is a goal of another family's case, which this case's moments
// must not link to.
func (f *coding) otherGoal(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	cs, err := f.in.Deps.Cases.Create(ctx, f.actor, casework.Input{Reference: "OTHER"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := f.in.Deps.Lifecycle.AddGoal(ctx, f.actor, cs.ID, lifecycle.GoalInput{HelpingQuestion: "Another family's goal", Now: 2, Hoped: 7})
	if err != nil {
		t.Fatal(err)
	}
	return g.ID
}
