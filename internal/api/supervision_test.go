package api_test

import (
	"fmt"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

const js = "application/json"

// The trainee codes the video of their own shared review with the guider's
// scheme, shares it as a review video with their supervisor, who comments
// at a frame and logs a session; the trainee answers; the log shows the
// supervision; another supervisor gets nothing.
func TestSupervisionOverTheAPI(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 10)
		in.Consent(t, f.actor, f.caseID, domain.PurposeSupervision)
		sup, _ := in.User(t, "sue@example.org", domain.RoleSupervisor, false)
		in.User(t, "otto@example.org", domain.RoleSupervisor, false)
		in.User(t, "lead@example.org", domain.RoleAdmin, false)
		lead := client{t, in.URL, in.Token(t, "lead@example.org")}
		sc := client{t, in.URL, in.Token(t, "sue@example.org")}
		oc := client{t, in.URL, in.Token(t, "otto@example.org")}
		tr := f.c
		if s := lead.call("POST", "/api/v1/supervision/links", js, fmt.Sprintf(`{"supervisor_id":%q,"trainee_id":%q}`, sup.ID, f.actor.ID()), nil); s != 204 {
			t.Fatalf("linking: %d", s)
		}
		// Guider-side coding: the review video is coded with the guider's scheme.
		r := "/api/v1/recordings/" + f.rec
		if s := tr.call("PUT", r+"/review-video", "", "", nil); s != 204 {
			t.Fatalf("marking the review video: %d", s)
		}
		if s := tr.call("PUT", r+"/scheme", js, `{"scheme_id":"guider"}`, nil); s != 200 && s != 204 {
			t.Fatalf("choosing the guider's scheme: %d", s)
		}
		var an struct {
			SchemeID string `json:"scheme_id"`
			Code     string `json:"code"`
		}
		if s := tr.call("POST", r+"/annotations", js, `{"start_frame":2,"end_frame":4,"code":"encouraging-initiatives/waiting"}`, &an); s != 201 || an.Code != "encouraging-initiatives/waiting" {
			t.Fatalf("coding a guider's moment: %d %+v", s, an)
		}
		var share struct{ ID string }
		body := fmt.Sprintf(`{"kind":"review","material_id":%q,"supervisor_id":%q,"note":"My second review"}`, f.rec, sup.ID)
		if s := tr.call("POST", "/api/v1/supervision/shares", js, body, &share); s != 201 {
			t.Fatalf("sharing: %d", s)
		}
		m := "/api/v1/supervision/shares/" + share.ID
		var mat struct {
			Role string
			Case struct {
				Reference string
				Goals     []string
				Names     []string
			}
		}
		if s := sc.call("GET", m, "", "", &mat); s != 200 || mat.Role != "supervisor" || mat.Case.Reference != "MA-1" || len(mat.Case.Goals) != 1 || mat.Case.Names[0] != "A." {
			t.Fatalf("the supervisor's view: %d %+v", s, mat)
		}
		if s := oc.call("GET", m, "", "", nil); s != 404 {
			t.Errorf("another supervisor: %d, want 404", s)
		}
		if s := sc.call("GET", "/api/v1/recordings/"+f.rec, "", "", nil); s != 404 {
			t.Errorf("the material share opened the recording's own route to the supervisor: %d", s)
		}
		var c struct {
			ID    string
			Frame int
		}
		if s := sc.call("POST", m+"/comments", js, `{"frame":7,"body":"Lovely wait here","discuss":true}`, &c); s != 201 || c.Frame != 7 {
			t.Fatalf("commenting: %d %+v", s, c)
		}
		if s := tr.call("POST", m+"/comments", js, fmt.Sprintf(`{"parent_id":%q,"body":"I nearly spoke"}`, c.ID), nil); s != 201 {
			t.Fatalf("answering: %d", s)
		}
		var list struct {
			Comments []struct {
				ParentID string `json:"parent_id"`
				Frame    int
			}
		}
		if s := sc.call("GET", m+"/comments", "", "", &list); s != 200 || len(list.Comments) != 2 || list.Comments[1].ParentID != c.ID || list.Comments[1].Frame != 7 {
			t.Fatalf("the thread: %d %+v", s, list)
		}
		session := fmt.Sprintf(`{"trainee_id":%q,"held_on":"2026-01-05","minutes":90,"mode":"video_call","share_ids":[%q],"learning_points":"Wait"}`, f.actor.ID(), share.ID)
		if s := sc.call("POST", "/api/v1/supervision/sessions", js, session, nil); s != 201 {
			t.Fatalf("logging a session: %d", s)
		}
		var lg struct {
			Stages []struct {
				Hours   float64 `json:"supervision_hours"`
				Current bool
			}
		}
		if s := tr.call("GET", "/api/v1/accreditation/log/"+f.actor.ID(), "", "", &lg); s != 200 || len(lg.Stages) != 3 || lg.Stages[0].Hours != 1.5 || !lg.Stages[0].Current {
			t.Fatalf("the log: %d %+v", s, lg)
		}
		if s := oc.call("GET", "/api/v1/accreditation/log/"+f.actor.ID(), "", "", nil); s != 404 {
			t.Errorf("another supervisor reads the log: %d", s)
		}
		if s := tr.call("DELETE", m, "", "", nil); s != 204 {
			t.Fatalf("withdrawing: %d", s)
		}
		if s := sc.call("GET", m+"/comments", "", "", nil); s != 404 {
			t.Errorf("comments after the share was withdrawn: %d", s)
		}
	})
}
