package api_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
)

// TestConsentOverTheAPI: no film without consent; a consent needs a signer;
// withdrawing erases the films it covered and reports them; twice is a conflict.
func TestConsentOverTheAPI(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		cl := client{t, in.URL, in.Token(t, "ann@example.org")}
		c, _ := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: ann}, casework.Input{Reference: "C-1"})
		base := "/api/v1/cases/" + c.ID
		var e apiError
		if s := cl.call("POST", base+"/recordings", "application/json", `{"filename":"a.mp4","size":100}`, &e); s != 409 || !strings.Contains(e.Error.Message, "consent") {
			t.Fatalf("film without consent: %d %+v", s, e)
		}
		steps := []struct {
			name, body string
			status     int
			field      string
		}{
			{"no signer", `{"purposes":["filming"],"given_by":"Ann (mother)","signature":"","wording_version":"1"}`, 400, "signature"},
			{"unknown purpose", `{"purposes":["tv"],"given_by":"Ann","signature":"Ann","wording_version":"1"}`, 400, "purposes"},
			{"fine", `{"purposes":["filming","supervision"],"given_by":"Ann (mother)","signature":"Ann","wording_version":"1","retain_days_after_close":60,"child_assent":true}`, 201, ""},
		}
		var made map[string]any
		for _, st := range steps {
			var e apiError
			s := cl.call("POST", base+"/consents", "application/json", st.body, &e)
			if s != st.status || e.Error.Field != st.field {
				t.Fatalf("%s: %d %+v", st.name, s, e)
			}
			if s == 201 {
				cl.call("POST", base+"/consents", "application/json", st.body, &made)
			}
		}
		var rec map[string]any
		if s := cl.call("POST", base+"/recordings", "application/json", `{"filename":"a.mp4","size":100}`, &rec); s != 201 {
			t.Fatalf("film with consent: %d", s)
		}
		in.ReadyRecording(t, accounts.Actor{User: ann}, c.ID)
		var list struct{ Consents []map[string]any }
		cl.call("GET", base+"/consents", "", "", &list)
		first := list.Consents[0]["id"].(string)
		if s := cl.call("POST", "/api/v1/consents/"+first+"/withdraw", "", "", nil); s != 200 {
			t.Fatalf("withdraw one of two: %d", s)
		}
		var out struct {
			Deleted []struct{ ID, Filename string }
			Consent struct {
				WithdrawnBy string `json:"withdrawn_by"`
			}
		}
		if s := cl.call("POST", "/api/v1/consents/"+made["id"].(string)+"/withdraw", "", "", &out); s != 200 || len(out.Deleted) != 2 || out.Consent.WithdrawnBy != ann.ID {
			t.Fatalf("withdraw the last: %d %+v", s, out)
		}
		var recs struct{ Recordings []any }
		if cl.call("GET", base+"/recordings", "", "", &recs); len(recs.Recordings) != 0 {
			t.Fatalf("films left after withdrawal: %v", recs)
		}
		if s := cl.call("POST", "/api/v1/consents/"+first+"/withdraw", "", "", &e); s != 409 || !strings.Contains(e.Error.Message, "already") {
			t.Fatalf("withdraw twice: %d %+v", s, e)
		}
	})
}

func TestGoalsOverTheAPI(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		cl := client{t, in.URL, in.Token(t, "ann@example.org")}
		c, _ := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: ann}, casework.Input{Reference: "G-1"})
		base := "/api/v1/cases/" + c.ID
		var g map[string]any
		steps := []struct {
			body   string
			status int
		}{
			{`{"helping_question":"How can I help my son feel safe?","now":3,"hoped":8}`, 201},
			{`{"helping_question":"q","now":3,"hoped":11}`, 400},
			{`{"helping_question":"q","now":3}`, 400},
			{`{"helping_question":"Bedtime","now":0,"hoped":10}`, 201},
			{`{"helping_question":"Play","now":5,"hoped":7}`, 201},
			{`{"helping_question":"A fourth","now":5,"hoped":7}`, 409},
		}
		for i, st := range steps {
			var out map[string]any
			if s := cl.call("POST", base+"/goals", "application/json", st.body, &out); s != st.status {
				t.Fatalf("step %d: %d %v", i, s, out)
			}
			if i == 0 {
				g = out
			}
		}
		for body, want := range map[string]int{`{"value":-1}`: 400, `{"value":11}`: 400, `{"value":6}`: 201, `{}`: 400} {
			if s := cl.call("POST", "/api/v1/goals/"+g["id"].(string)+"/ratings", "application/json", body, nil); s != want {
				t.Fatalf("rating %s: %d, want %d", body, s, want)
			}
		}
		var list struct {
			Goals []struct {
				HelpingQuestion string `json:"helping_question"`
				Ratings         []struct {
					Value int
					Label string
				}
			}
		}
		cl.call("GET", base+"/goals", "", "", &list)
		if len(list.Goals) != 3 || len(list.Goals[0].Ratings) != 2 || list.Goals[0].Ratings[1].Value != 6 || list.Goals[0].Ratings[0].Label != "First meeting" {
			t.Fatalf("goals: %+v", list)
		}
	})
}

// TestCalendarFeed: a secret, revocable iCalendar feed of the guider's sessions.
func TestCalendarFeed(t *testing.T) {
	in := apptest.Start(t, "")
	ann, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
	cl := client{t, in.URL, in.Token(t, "ann@example.org")}
	c, _ := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: ann}, casework.Input{Reference: "K,17; \\ a long reference, long enough to fold the summary"})
	if s := cl.call("POST", "/api/v1/cases/"+c.ID+"/sessions", "application/json", `{"kind":"filming","starts_at":"2099-12-03T10:00:00Z","minutes":45,"place":"home"}`, nil); s != 201 {
		t.Fatalf("schedule: %d", s)
	}
	var feed struct{ Path string }
	if s := cl.call("POST", "/api/v1/me/ical", "", "", &feed); s != 201 || !strings.Contains(feed.Path, "ical") {
		t.Fatalf("feed: %d %+v", s, feed)
	}
	res, err := http.Get(in.URL + feed.Path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	body := string(b)
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "DTSTART:20991203T100000Z\r\n", "DTEND:20991203T104500Z\r\n", `K\,17\; \\`, "\r\n ", "END:VCALENDAR\r\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("feed lacks %q:\n%s", want, body)
		}
	}
	if res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Errorf("content type %q", res.Header.Get("Content-Type"))
	}
	cl.call("DELETE", "/api/v1/me/ical", "", "", nil)
	if res, _ := http.Get(in.URL + feed.Path); res.StatusCode != 404 {
		t.Fatalf("revoked feed answers %d", res.StatusCode)
	}
}
