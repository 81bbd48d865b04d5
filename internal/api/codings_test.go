package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

type codingOut struct {
	ID       string `json:"id"`
	Moments  *int   `json:"moments"`
	Done     bool   `json:"done"`
	MainDone bool   `json:"main_done"`
	Revealed bool   `json:"revealed"`
}

type agreementOut struct {
	Events struct {
		Pairs      int                       `json:"pairs"`
		Agree      int                       `json:"agree"`
		UnmatchedA int                       `json:"unmatched_a"`
		UnmatchedB int                       `json:"unmatched_b"`
		Kappa      *float64                  `json:"kappa"`
		KappaIPF   *float64                  `json:"kappa_ipf"`
		Confusion  map[string]map[string]int `json:"confusion"`
		PerCode    map[string]struct {
			Both int `json:"both"`
		} `json:"per_code"`
	} `json:"events"`
	Frames struct {
		Kappa   *float64 `json:"kappa"`
		AC1     *float64 `json:"ac1"`
		PerCode map[string]struct {
			AFrames    int `json:"a_frames"`
			BFrames    int `json:"b_frames"`
			BothFrames int `json:"both_frames"`
		} `json:"per_code"`
	} `json:"frames"`
}

// A supervisor codes the guider's recording a second time, blind: neither
// sees the other's moments until both are done; then both see the agreement.
func TestBlindDoubleCoding(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 200)
		sup, _ := in.User(t, "sue@example.org", domain.RoleSupervisor, false)
		in.User(t, "olga@example.org", domain.RolePractitioner, false)
		sue := client{t, in.URL, in.Token(t, "sue@example.org")}
		olga := client{t, in.URL, in.Token(t, "olga@example.org")}
		base := "/api/v1/recordings/" + f.rec
		var e apiError
		if s := f.c.call("POST", base+"/codings", "application/json", `{"coder_email":"sue@example.org"}`, &e); s != 400 || !strings.Contains(e.Error.Message, "Share the case") {
			t.Fatalf("coder without access: %d %+v", s, e)
		}
		if err := in.Deps.Cases.Share(context.Background(), f.actor, f.caseID, sup.ID); err != nil {
			t.Fatal(err)
		}
		if s := f.c.call("POST", base+"/codings", "application/json", `{"coder_email":"guide@example.org"}`, &e); s != 400 || !strings.Contains(e.Error.Message, "That is you") {
			t.Fatalf("own address: %d %+v", s, e)
		}
		if s := sue.call("POST", base+"/codings", "application/json", `{"coder_email":"guide@example.org"}`, &e); s != 403 {
			t.Fatalf("a coder who doesn't own the case started a coding: %d", s)
		}
		var started struct{ ID string }
		if s := f.c.call("POST", base+"/codings", "application/json", ` {"coder_email":"Sue@Example.org "}`, &started); s != 201 || started.ID == "" {
			t.Fatalf("start: %d %+v", s, started)
		}
		id := started.ID
		// Main coding: guiding 10–29, being-attentive 50–69, a point at 100.
		f.annotate(t, f.rec, `{"start_frame":10,"end_frame":29,"code":"guiding"}`)
		f.annotate(t, f.rec, `{"start_frame":50,"end_frame":69,"code":"being-attentive"}`)
		f.annotate(t, f.rec, `{"start_frame":100,"code":"guiding"}`)
		// Second coding: guiding 12–29 (pairs, agrees), guiding 52–69 (pairs,
		// disagrees), a point at 105 (within 0.5 s: pairs, agrees), and one more.
		for _, body := range []string{`{"start_frame":12,"end_frame":29,"code":"guiding"}`, `{"start_frame":52,"end_frame":69,"code":"guiding"}`,
			`{"start_frame":105,"code":"guiding"}`, `{"start_frame":150,"end_frame":160,"code":"being-attentive"}`} {
			var an map[string]any
			body = strings.Replace(body, "{", `{"coding_id":"`+id+`",`, 1)
			if s := sue.call("POST", base+"/annotations", "application/json", body, &an); s != 201 || an["coding_id"] != id {
				t.Fatalf("second coder codes: %d %v", s, an)
			}
		}
		if s := f.c.call("POST", base+"/annotations", "application/json", `{"coding_id":"`+id+`","start_frame":1,"code":"guiding"}`, &e); s != 403 {
			t.Fatalf("the owner wrote into the second coding: %d", s)
		}
		// Blind both ways.
		if s := sue.call("GET", base+"/annotations", "", "", &e); s != 403 || !strings.Contains(e.Error.Message, "blind") {
			t.Fatalf("second coder saw the main coding: %d %+v", s, e)
		}
		if s := sue.call("GET", base+"/annotations.csv", "", "", nil); s != 403 {
			t.Fatalf("second coder exported the main coding: %d", s)
		}
		if s := f.c.call("GET", base+"/annotations?coding_id="+id, "", "", &e); s != 403 {
			t.Fatalf("owner saw the second coding: %d", s)
		}
		if s := f.c.call("GET", base+"/agreement?b="+id, "", "", &e); s != 403 {
			t.Fatalf("agreement before both are done: %d", s)
		}
		var mine annotationList
		if s := sue.call("GET", base+"/annotations?coding_id="+id, "", "", &mine); s != 200 || len(mine.Annotations) != 4 {
			t.Fatalf("second coder's own moments: %d %+v", s, mine)
		}
		var list struct{ Codings []codingOut }
		if f.c.call("GET", base+"/codings", "", "", &list); len(list.Codings) != 1 || list.Codings[0].Moments != nil {
			t.Fatalf("owner's list while blind: %+v", list)
		}
		if s := olga.call("GET", "/api/v1/codings/"+id, "", "", nil); s != 404 {
			t.Fatalf("a stranger saw the coding: %d", s)
		}
		// Both done.
		var c codingOut
		if s := sue.call("PUT", "/api/v1/codings/"+id+"/done", "", "", &c); s != 200 || !c.Done || c.MainDone || c.Revealed {
			t.Fatalf("coder done: %d %+v", s, c)
		}
		if s := sue.call("POST", base+"/annotations", "application/json", `{"coding_id":"`+id+`","start_frame":1,"code":"guiding"}`, &e); s != 409 {
			t.Fatalf("a done coding changed: %d", s)
		}
		if s := sue.call("GET", base+"/annotations", "", "", nil); s != 403 {
			t.Fatalf("revealed before the main coder was done: %d", s)
		}
		if s := f.c.call("PUT", "/api/v1/codings/"+id+"/done", "", "", &c); s != 200 || !c.MainDone || !c.Revealed || c.Moments == nil || *c.Moments != 4 {
			t.Fatalf("owner done: %d %+v", s, c)
		}
		var ag agreementOut
		for _, who := range []client{f.c, sue} {
			if s := who.call("GET", base+"/agreement?b="+id, "", "", &ag); s != 200 {
				t.Fatalf("agreement: %d", s)
			}
		}
		ev := ag.Events
		if ev.Pairs != 3 || ev.Agree != 2 || ev.UnmatchedA != 0 || ev.UnmatchedB != 1 ||
			ev.Confusion["being-attentive"]["guiding"] != 1 || ev.Confusion["unmatched"]["being-attentive"] != 1 || ev.KappaIPF == nil {
			t.Fatalf("events: %+v", ev)
		}
		if g := ag.Frames.PerCode["guiding"]; g.AFrames != 21 || g.BFrames != 37 || g.BothFrames != 18 {
			t.Fatalf("frames: %+v", ag.Frames.PerCode)
		}
		if s := sue.call("GET", base+"/annotations", "", "", nil); s != 200 {
			t.Fatalf("the main coding after both are done: %d", s)
		}
		for _, bad := range []string{"?b=" + id + "&overlap=2", "?b=" + id + "&slice_ms=-1", "", "?b=nope"} {
			if s := f.c.call("GET", base+"/agreement"+bad, "", "", &e); s != 400 {
				t.Errorf("agreement%s: %d %+v", bad, s, e)
			}
		}
	})
}

// The owner may open both codings before both are done (audited).
func TestOwnerOpensCodings(t *testing.T) {
	in := apptest.Start(t, "")
	f := newCoding(t, in, 50)
	sup, _ := in.User(t, "sue@example.org", domain.RoleSupervisor, false)
	if err := in.Deps.Cases.Share(context.Background(), f.actor, f.caseID, sup.ID); err != nil {
		t.Fatal(err)
	}
	sue := client{t, in.URL, in.Token(t, "sue@example.org")}
	c, err := in.Deps.Analysis.StartCoding(context.Background(), f.actor, f.rec, "sue@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if s := sue.call("PUT", "/api/v1/codings/"+c.ID+"/open", "", "", nil); s != 403 {
		t.Fatalf("the coder opened the codings: %d", s)
	}
	var out codingOut
	if s := f.c.call("PUT", "/api/v1/codings/"+c.ID+"/open", "", "", &out); s != 200 || !out.Revealed || out.Done {
		t.Fatalf("open: %d %+v", s, out)
	}
	if s := sue.call("GET", "/api/v1/recordings/"+f.rec+"/annotations", "", "", nil); s != 200 {
		t.Fatalf("coder after opening: %d", s)
	}
}

// A research partner's ELAN file comes in as a second coding; once the
// guider has marked theirs done, the agreement downloads as a table and as
// one ELAN file with both codings, two tiers per code.
func TestImportedCodingAndAgreementFiles(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 200)
		base := "/api/v1/recordings/" + f.rec
		f.annotate(t, f.rec, `{"start_frame":10,"end_frame":29,"code":"guiding","note":"he waits"}`)
		f.annotate(t, f.rec, `{"start_frame":50,"end_frame":69,"code":"being-attentive"}`)
		f.annotate(t, f.rec, `{"start_frame":100,"code":"receiving-initiatives"}`)
		s, _, eaf := f.c.raw("GET", base+"/annotations.eaf", "", "")
		if s != 200 {
			t.Fatalf("export: %d", s)
		}
		var e apiError
		if s := f.c.call("POST", base+"/codings/import?format=eaf", "application/xml", eaf, &e); s != 400 || e.Error.Field != "coder_name" {
			t.Fatalf("no coder named: %d %+v", s, e)
		}
		if s := f.c.call("POST", base+"/codings/import?format=boris&coder_name=R2", "text/csv",
			"Behavior,Behavior type,Start (s),Stop (s)\nnot-a-code,POINT,1.0,\n", &e); s != 400 || !strings.Contains(e.Error.Message, "Line 1") {
			t.Fatalf("an unknown code: %d %+v", s, e)
		}
		var imp struct {
			ID      string `json:"id"`
			Moments int    `json:"moments"`
		}
		if s := f.c.call("POST", base+"/codings/import?format=eaf&coder_name=R2", "application/xml", eaf, &imp); s != 201 || imp.Moments != 3 {
			t.Fatalf("import: %d %+v", s, imp)
		}
		var c codingOut
		if f.c.call("GET", "/api/v1/codings/"+imp.ID, "", "", &c); !c.Done || c.Revealed || c.Moments != nil {
			t.Fatalf("imported, before the guider is done: %+v", c)
		}
		if s := f.c.call("GET", base+"/agreement?b="+imp.ID, "", "", &e); s != 403 {
			t.Fatalf("agreement before the guider is done: %d", s)
		}
		if s := f.c.call("PUT", "/api/v1/codings/"+imp.ID+"/done", "", "", &c); s != 200 || !c.Revealed || c.Moments == nil || *c.Moments != 3 {
			t.Fatalf("guider done: %d %+v", s, c)
		}
		var ag agreementOut
		if s := f.c.call("GET", base+"/agreement?b="+imp.ID, "", "", &ag); s != 200 || ag.Events.Pairs != 3 || ag.Events.Agree != 3 ||
			ag.Events.KappaIPF == nil || *ag.Events.KappaIPF < 0.999 || ag.Frames.Kappa == nil || *ag.Frames.Kappa != 1 {
			t.Fatalf("the same moments, read back from ELAN: %d %+v", s, ag)
		}
		s, ctype, table := f.c.raw("GET", base+"/agreement.csv?b="+imp.ID, "", "")
		if s != 200 || !strings.HasPrefix(ctype, "text/csv") || !strings.HasPrefix(table, "section,measure,code,code_b,value\n") ||
			!strings.Contains(table, "events,agree,,,3\n") || !strings.Contains(table, "confusion,pairs,guiding,guiding,1\n") ||
			!strings.Contains(table, "settings,coder_b,,,R2\n") {
			t.Fatalf("agreement.csv: %d %s\n%s", s, ctype, table)
		}
		s, _, both := f.c.raw("GET", base+"/agreement.eaf?b="+imp.ID, "", "")
		if s != 200 {
			t.Fatalf("agreement.eaf: %d", s)
		}
		for _, tier := range []string{`TIER_ID="guiding (Guide)"`, `TIER_ID="guiding (R2)"`, `TIER_ID="receiving-initiatives (R2)"`} {
			if !strings.Contains(both, tier) {
				t.Errorf("the ELAN file with both codings lacks %s:\n%s", tier, both)
			}
		}
		if n := strings.Count(both, "<TIER "); n != 6 {
			t.Errorf("%d tiers, want two for each of 3 codes", n)
		}
	})
}
