package api_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
)

type annotation struct {
	ID            string `json:"id"`
	Code          string `json:"code"`
	StartFrame    int    `json:"start_frame"`
	EndFrame      int    `json:"end_frame"`
	ParticipantID string `json:"participant_id"`
	GoalID        string `json:"goal_id"`
	Note          string `json:"note"`
	Version       int    `json:"version"`
	Seq           int64  `json:"seq"`
	Deleted       bool   `json:"deleted"`
}

type annotationList struct {
	Annotations []annotation `json:"annotations"`
	Cursor      string       `json:"cursor"`
}

// Annotations are created, listed (with filters), read, changed, deleted,
// and every change is audited by id without its content.
func TestAnnotationsCRUD(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 100)
		point := f.annotate(t, f.rec, `{"start_frame":10,"code":"receiving-initiatives/returning-eye-contact","note":"Ann looks back at Sam","participant_id":"`+f.child+`","goal_id":"`+f.goal+`"}`)
		if point["version"].(float64) != 1 || point["end_frame"].(float64) != 10 || point["id"] == "" {
			t.Fatalf("point event: %v", point)
		}
		span := f.annotate(t, f.rec, `{"start_frame":20,"end_frame":45,"code":"guiding","participant_id":"`+f.adult+`"}`)
		var all annotationList
		if s := f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations", "", "", &all); s != 200 || len(all.Annotations) != 2 || all.Cursor != "2" {
			t.Fatalf("list: %d %+v", s, all)
		}
		for _, tc := range []struct {
			query string
			want  int
		}{{"?code=receiving-initiatives", 1}, {"?code=guiding", 1}, {"?code=being-attentive", 0}, {"?participant=" + f.adult, 1}, {"?goal=" + f.goal, 1}} {
			var got annotationList
			f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations"+tc.query, "", "", &got)
			if len(got.Annotations) != tc.want {
				t.Errorf("filter %s: %d annotations, want %d", tc.query, len(got.Annotations), tc.want)
			}
		}
		var changed annotation
		id := span["id"].(string)
		if s := f.c.call("PATCH", "/api/v1/annotations/"+id, "application/json", `{"version":1,"end_frame":50,"note":"he builds on her idea"}`, &changed); s != 200 ||
			changed.Version != 2 || changed.EndFrame != 50 || changed.StartFrame != 20 || changed.Code != "guiding" {
			t.Fatalf("patch: %d %+v", s, changed)
		}
		if s := f.c.call("DELETE", "/api/v1/annotations/"+id, "", "", nil); s != 204 {
			t.Fatalf("delete: %d", s)
		}
		if s := f.c.call("GET", "/api/v1/annotations/"+id, "", "", nil); s != 404 {
			t.Fatalf("deleted annotation: %d", s)
		}
		for action, want := range map[string]int{"annotation.create": 2, "annotation.update": 1, "annotation.delete": 1} {
			if n := countAudit(t, in, action); n != want {
				t.Errorf("%s audited %d times, want %d", action, n, want)
			}
		}
		checkAuditHasNoContent(t, in, f.caseID, "Ann looks back", "builds on her idea")
	})
}

// Bad input gets a clear error naming the field, and nothing is stored.
func TestAnnotationValidation(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 100)
		cases := []struct {
			name, body string
			status     int
			field      string
			says       string
		}{
			{"end before start", `{"start_frame":30,"end_frame":29,"code":"guiding"}`, 400, "end_frame", "before the start"},
			{"start past the last frame", `{"start_frame":100,"code":"guiding"}`, 400, "start_frame", "0 to 99"},
			{"end past the last frame", `{"start_frame":90,"end_frame":100,"code":"guiding"}`, 400, "end_frame", "0 to 99"},
			{"negative frame", `{"start_frame":-1,"code":"guiding"}`, 400, "start_frame", "outside"},
			{"unknown code", `{"start_frame":1,"code":"shouting"}`, 400, "code", "isn't a code"},
			{"unknown sub-code", `{"start_frame":1,"code":"guiding/shouting"}`, 400, "code", "isn't a code"},
			{"no code", `{"start_frame":1}`, 400, "code", "required"},
			{"no start", `{"code":"guiding"}`, 400, "start_frame", "required"},
			{"note too long", `{"start_frame":1,"code":"guiding","note":"` + strings.Repeat("é", 4001) + `"}`, 400, "note", "at most 4000"},
			{"megabyte note", `{"start_frame":1,"code":"guiding","note":"` + strings.Repeat("x", 1<<20) + `"}`, 413, "note", "4,000 characters"},
			{"unknown participant", `{"start_frame":1,"code":"guiding","participant_id":"someone-else"}`, 400, "participant_id", "isn't a participant"},
			{"bad goal id", `{"start_frame":1,"code":"guiding","goal_id":"a goal with spaces"}`, 400, "goal_id", "goal"},
			{"another family's goal", `{"start_frame":1,"code":"guiding","goal_id":"` + f.otherGoal(t) + `"}`, 400, "goal_id", "this family's goals"},
			{"unknown member", `{"start_frame":1,"code":"guiding","colour":"red"}`, 400, "colour", "isn't a field"},
			{"frames as text", `{"start_frame":"1","code":"guiding"}`, 400, "start_frame", "number"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e apiError
				s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/annotations", "application/json", tc.body, &e)
				if s != tc.status || e.Error.Field != tc.field || !strings.Contains(e.Error.Message, tc.says) {
					t.Fatalf("status %d field %q message %q; want %d %q containing %q", s, e.Error.Field, e.Error.Message, tc.status, tc.field, tc.says)
				}
			})
		}
		var all annotationList
		if f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations", "", "", &all); len(all.Annotations) != 0 {
			t.Fatalf("bad input stored %d annotations", len(all.Annotations))
		}
		a := f.annotate(t, f.rec, `{"start_frame":5,"code":"guiding"}`)
		var e apiError
		if s := f.c.call("PATCH", "/api/v1/annotations/"+a["id"].(string), "application/json", `{"version":1,"start_frame":6,"end_frame":5}`, &e); s != 400 || e.Error.Field != "end_frame" {
			t.Fatalf("patch to end before start: %d %+v", s, e)
		}
		if s := f.c.call("PATCH", "/api/v1/annotations/"+a["id"].(string), "application/json", `{"note":"x"}`, &e); s != 400 || e.Error.Field != "version" {
			t.Fatalf("patch without a version: %d %+v", s, e)
		}
	})
}

// Two edits of one annotation based on the same version: one wins, the
// other gets 409 with the winner's state, merges, and saves: nothing lost.
func TestConcurrentAnnotationEdits(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 100)
		id := f.annotate(t, f.rec, `{"start_frame":5,"end_frame":9,"code":"guiding"}`)["id"].(string)
		for round := 0; round < 5; round++ {
			var cur annotation
			f.c.call("GET", "/api/v1/annotations/"+id, "", "", &cur)
			type answer struct {
				status int
				body   struct {
					Current annotation `json:"current"`
					Error   struct{ Code string }
				}
			}
			answers := make([]answer, 2)
			var wg sync.WaitGroup
			for i := range answers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					body := fmt.Sprintf(`{"version":%d,"note":"tab %d round %d"}`, cur.Version, i, round)
					answers[i].status = f.c.call("PATCH", "/api/v1/annotations/"+id, "application/json", body, &answers[i].body)
				}()
			}
			wg.Wait()
			won, lost := answers[0], answers[1]
			if won.status != 200 {
				won, lost = lost, won
			}
			if won.status != 200 || lost.status != 409 || lost.body.Error.Code != "conflict" {
				t.Fatalf("round %d: statuses %d and %d, want one 200 and one 409", round, answers[0].status, answers[1].status)
			}
			if lost.body.Current.Version != cur.Version+1 || !strings.HasPrefix(lost.body.Current.Note, "tab ") {
				t.Fatalf("round %d: the 409 carries %+v, want the winner's version %d", round, lost.body.Current, cur.Version+1)
			}
			merged := fmt.Sprintf(`{"version":%d,"note":%q}`, lost.body.Current.Version, lost.body.Current.Note+" + the other tab")
			var final annotation
			if s := f.c.call("PATCH", "/api/v1/annotations/"+id, "application/json", merged, &final); s != 200 || !strings.HasSuffix(final.Note, "+ the other tab") {
				t.Fatalf("round %d: merged save: %d %+v", round, s, final)
			}
		}
		var end annotation
		if f.c.call("GET", "/api/v1/annotations/"+id, "", "", &end); end.Version != 11 {
			t.Fatalf("after 5 rounds of 2 saves the version is %d, want 11", end.Version)
		}
	})
}

// The changes feed gives each change after a cursor, deletions as
// tombstones without content, and nothing again from the cursor it returns.
func TestAnnotationChangesFeed(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 100)
		old := f.annotate(t, f.rec, `{"start_frame":1,"code":"guiding"}`)
		var start annotationList
		f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations", "", "", &start)
		a := f.annotate(t, f.rec, `{"start_frame":2,"code":"guiding","note":"kept"}`)
		b := f.annotate(t, f.rec, `{"start_frame":3,"code":"guiding","note":"secret words"}`)
		f.c.call("PATCH", "/api/v1/annotations/"+a["id"].(string), "application/json", `{"version":1,"code":"being-attentive"}`, nil)
		f.c.call("DELETE", "/api/v1/annotations/"+b["id"].(string), "", "", nil)
		var feed struct {
			Changes []annotation `json:"changes"`
			Cursor  string       `json:"cursor"`
			More    bool         `json:"more"`
		}
		if s := f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations/changes?since="+start.Cursor, "", "", &feed); s != 200 || len(feed.Changes) != 2 {
			t.Fatalf("changes: %d %+v", s, feed)
		}
		got := map[string]annotation{}
		for _, c := range feed.Changes {
			got[c.ID] = c
		}
		if c := got[a["id"].(string)]; c.Deleted || c.Code != "being-attentive" || c.Version != 2 {
			t.Fatalf("changed annotation in the feed: %+v", c)
		}
		if c := got[b["id"].(string)]; !c.Deleted || c.Note != "" {
			t.Fatalf("deleted annotation in the feed: %+v (want a tombstone without its note)", c)
		}
		if _, ok := got[old["id"].(string)]; ok || feed.Cursor != "5" || feed.More {
			t.Fatalf("feed from cursor %s: %+v", start.Cursor, feed)
		}
		from := feed.Cursor
		if f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations/changes?since="+from, "", "", &feed); len(feed.Changes) != 0 || feed.Cursor != from {
			t.Fatalf("polling again: %+v", feed)
		}
		if f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations/changes", "", "", &feed); len(feed.Changes) != 3 {
			t.Fatalf("from the start: %d changes, want 3 (old, a, b's tombstone)", len(feed.Changes))
		}
		var e apiError
		if s := f.c.call("GET", "/api/v1/recordings/"+f.rec+"/annotations/changes?since=yesterday", "", "", &e); s != 400 || e.Error.Field != "since" {
			t.Fatalf("bad cursor: %d %+v", s, e)
		}
	})
}
