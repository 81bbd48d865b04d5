package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/store"
)

// bedtimeLink imports the test instrument BedtimeCheck (a number of
// evenings from 0 to 7, a yes/no with a required note enabled by "yes",
// and a free-text box), assigns it and returns the assignment and the
// parent's link token.
func bedtimeLink(t *testing.T, in *apptest.Instance) (*domain.Assignment, string) {
	t.Helper()
	ctx := context.Background()
	in.User(t, "ada@example.org", domain.RoleAdmin, false)
	in.User(t, "owner@example.org", domain.RolePractitioner, false)
	doc, err := os.ReadFile("../questionnaires/testdata/bedtime.json")
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := in.Deps.Questionnaires.Import(ctx, actorOf(t, in, "ada@example.org"), doc)
	if err != nil {
		t.Fatal(err)
	}
	owner := actorOf(t, in, "owner@example.org")
	c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "REF-B", Focus: "bedtime"})
	if err != nil {
		t.Fatal(err)
	}
	as, token, err := in.Deps.Questionnaires.Assign(ctx, owner, c.ID, questionnaires.AssignInput{InstrumentID: res.Instrument.ID,
		Point: domain.PointBaseline, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return as, token
}

// qPost posts a form to the parent's link with the headers a browser adds
// and returns the status and body.
func qPost(t *testing.T, in *apptest.Instance, token string, form url.Values, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, in.URL+"/q/"+token, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func savedAnswers(t *testing.T, in *apptest.Instance, id string) map[string]string {
	t.Helper()
	ctx := context.Background()
	var ans map[string]string
	if err := in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) { ans, err = tx.Answers(ctx, id); return err }); err != nil {
		t.Fatal(err)
	}
	return ans
}

// Two tabs of one link: a save that carries the version it started from is
// refused (409, with the newer answer) when another tab changed the same
// answer since; answers the other tab changed that it doesn't carry come
// back to it to show; a tab's own earlier save never counts against it.
func TestQuestionnaireTwoTabs(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		as, token := bedtimeLink(t, in)
		auto := func(writer, base string, kv ...string) (int, map[string]any) {
			t.Helper()
			f := url.Values{"p": {"1"}, "act": {"autosave"}, "w": {writer}, "v": {base}}
			for i := 0; i < len(kv); i += 2 {
				f.Set("a."+kv[i], kv[i+1])
			}
			st, body := qPost(t, in, token, f, nil)
			var out map[string]any
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatalf("autosave answered %d %q: %v", st, body, err)
			}
			return st, out
		}
		if st, out := auto("tab-a", "0", "else", "From tab A"); st != 200 || out["version"] != 1.0 {
			t.Fatalf("tab A's save: %d %v", st, out)
		}
		st, out := auto("tab-b", "0", "else", "From tab B")
		if st != http.StatusConflict || !strings.Contains(out["message"].(string), "changed in another tab") ||
			out["answers"].(map[string]any)["else"] != "From tab A" {
			t.Fatalf("tab B overwriting tab A's answer: %d %v", st, out)
		}
		if got := savedAnswers(t, in, as.ID)["else"]; got != "From tab A" {
			t.Fatalf("after the refused save the answer is %q", got)
		}
		st, out = auto("tab-b", "0", "evenings", "3")
		if others, _ := out["others"].(map[string]any); st != 200 || others["else"] != "From tab A" {
			t.Fatalf("tab B's save of another answer: %d %v, want tab A's answer among the others", st, out)
		}
		if st, out := auto("tab-a", "0", "else", "From tab A, longer"); st != 200 {
			t.Fatalf("tab A's second save from the same start: %d %v", st, out)
		}
		st, body := qPost(t, in, token, url.Values{"p": {"1"}, "act": {"next"}, "v": {"0"}, "shown": {"else"}, "a.else": {"Mine from a tab without script"}}, nil)
		if st != http.StatusConflict || !strings.Contains(body, "changed in another tab") || !strings.Contains(body, "From tab A, longer") ||
			!strings.Contains(body, "Mine from a tab without script") {
			t.Fatalf("a page moved on over a newer answer: %d %.400s", st, body)
		}
		if got := savedAnswers(t, in, as.ID); got["else"] != "From tab A, longer" || got["evenings"] != "3" {
			t.Errorf("answers now: %v", got)
		}
	})
}

// The page's last save on closing comes by navigator.sendBeacon: a
// same-origin form post without the page's script waiting. It is accepted;
// the same post from another site is refused.
func TestQuestionnaireBeaconSave(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		as, token := bedtimeLink(t, in)
		form := url.Values{"p": {"2"}, "act": {"autosave"}, "w": {"tab-a"}, "v": {"0"}, "a.else": {"Typed just before closing"}}
		beacon := map[string]string{"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", "Sec-Fetch-Site": "same-origin",
			"Sec-Fetch-Mode": "no-cors", "Origin": in.URL}
		if st, body := qPost(t, in, token, form, beacon); st != 200 {
			t.Fatalf("the beacon: %d %s", st, body)
		}
		if got := savedAnswers(t, in, as.ID)["else"]; got != "Typed just before closing" {
			t.Fatalf("after the beacon the answer is %q", got)
		}
		form.Set("a.else", "From elsewhere")
		beacon["Sec-Fetch-Site"], beacon["Origin"] = "cross-site", "https://evil.example"
		if st, _ := qPost(t, in, token, form, beacon); st != http.StatusForbidden {
			t.Errorf("a cross-site post: %d, want 403", st)
		}
		if got := savedAnswers(t, in, as.ID)["else"]; got != "Typed just before closing" {
			t.Errorf("a cross-site post changed the answer to %q", got)
		}
	})
}

// Each wrong answer is told for what it is, from the item's own limits, to
// the page's script (JSON) and on the page itself, in the page's language;
// nothing is saved.
func TestQuestionnaireAnswerMessages(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		as, token := bedtimeLink(t, in)
		long := strings.Repeat("a", 2001)
		for _, c := range []struct{ link, value, lang, want string }{
			{"evenings", "three", "en", "Question 1: please write a number using the digits 0 to 9"},
			{"evenings", "٣", "en", "Question 1: please write a number using the digits 0 to 9"},
			{"evenings", "2.5", "en", "Question 1: please write a whole number"},
			{"evenings", "-2", "en", "Question 1: the lowest answer is 0."},
			{"evenings", "99999999999", "en", "Question 1: the highest answer is 7."},
			{"else", long, "en", "Question 4: this box takes up to 2,000 characters and your answer has 2,001. Please shorten it by 1."},
			{"evenings", "99999999999", "pl", "Pytanie 1: największa możliwa odpowiedź to 7."},
		} {
			st, body := qPost(t, in, token, url.Values{"p": {"1"}, "act": {"autosave"}, "lang": {c.lang}, "a." + c.link: {c.value}}, nil)
			var out map[string]string
			json.Unmarshal([]byte(body), &out)
			if st != 400 || !strings.Contains(out["message"], c.want) || out["field"] != c.link {
				t.Errorf("autosave %s = %.12q (%s): %d %s; want 400 with %q", c.link, c.value, c.lang, st, body, c.want)
			}
			page := "1"
			if c.link == "else" {
				page = "2"
			}
			st, body = qPost(t, in, token, url.Values{"p": {page}, "act": {"next"}, "lang": {c.lang}, "a." + c.link: {c.value}}, nil)
			if st != 400 || !strings.Contains(body, c.want) {
				t.Errorf("next with %s = %.12q (%s): %d; want %q on the page", c.link, c.value, c.lang, st, c.want)
			}
		}
		if got := savedAnswers(t, in, as.ID); len(got) != 0 {
			t.Errorf("wrong answers were saved: %v", got)
		}
		st, body := qPost(t, in, token, url.Values{"p": {"1"}, "act": {"autosave"}, "a.evenings": {"3.0"}}, nil)
		if st != 200 || savedAnswers(t, in, as.ID)["evenings"] != "3" {
			t.Errorf("3.0 evenings: %d %s, saved %v", st, body, savedAnswers(t, in, as.ID))
		}
	})
}

// A note typed after a conditional "Yes" is saved when the parent moves on
// (the question was on the page, shown by the page's script, though the
// server had not seen the "Yes" yet); the form can't be sent while that
// required note is enabled and empty; a "No" then hides it, and sending
// drops its answer as FHIR says.
func TestQuestionnaireConditionalNote(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		as, token := bedtimeLink(t, in)
		st, _ := qPost(t, in, token, url.Values{"p": {"1"}, "act": {"next"}, "shown": {"evenings hard hard-note"},
			"a.evenings": {"4"}, "a.hard": {"true"}, "a.hard-note": {"Tuesday: teeth, then tears."}}, nil)
		if got := savedAnswers(t, in, as.ID); st != http.StatusSeeOther || got["hard-note"] != "Tuesday: teeth, then tears." {
			t.Fatalf("moving on after Yes and a note: %d, saved %v", st, got)
		}
		qPost(t, in, token, url.Values{"p": {"1"}, "act": {"autosave"}, "a.hard-note": {""}}, nil)
		st, body := qPost(t, in, token, url.Values{"p": {"2"}, "act": {"send"}, "shown": {"else"}}, nil)
		if st != 400 || !strings.Contains(body, "Please answer question 3 before sending") {
			t.Fatalf("sending without the enabled required note: %d %.300s", st, body)
		}
		qPost(t, in, token, url.Values{"p": {"1"}, "act": {"autosave"}, "a.hard-note": {"Kept while hidden"}, "a.hard": {"false"}}, nil)
		if got := savedAnswers(t, in, as.ID)["hard-note"]; got != "Kept while hidden" {
			t.Fatalf("the hidden question's answer before sending: %q", got)
		}
		if st, body := qPost(t, in, token, url.Values{"p": {"2"}, "act": {"send"}, "shown": {"else"}}, nil); st != 200 || !strings.Contains(body, "Thank you") {
			t.Fatalf("send: %d %.300s", st, body)
		}
		if got := savedAnswers(t, in, as.ID); got["hard-note"] != "" || got["evenings"] != "4" || got["hard"] != "false" {
			t.Errorf("answers after sending: %v; want the hidden note dropped", got)
		}
	})
}

// A tab's saves carry its request number: one that arrives after a later
// one from the same tab (a slow connection, or an autosave still on its way
// when "Next" was pressed) can't undo the later answer; another tab's save
// is not ordered by it.
func TestLateSaveFromTheSameTab(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		as, token := bedtimeLink(t, in)
		post := func(act, seq, text string) int {
			t.Helper()
			st, body := qPost(t, in, token, url.Values{"p": {"2"}, "act": {act}, "w": {"tab-a"}, "v": {"0"}, "s": {seq},
				"shown": {"else"}, "a.else": {text}}, nil)
			if st >= 400 {
				t.Fatalf("%s #%s: %d %.200s", act, seq, st, body)
			}
			return st
		}
		post("back", "3", "Tuesday: teeth, then tears.")
		post("autosave", "2", "Tuesday: tee")
		if got := savedAnswers(t, in, as.ID)["else"]; got != "Tuesday: teeth, then tears." {
			t.Fatalf("a late autosave undid the page's later save: %q", got)
		}
		post("autosave", "4", "Tuesday: teeth, then tears. Wednesday calm.")
		if got := savedAnswers(t, in, as.ID)["else"]; got != "Tuesday: teeth, then tears. Wednesday calm." {
			t.Fatalf("the tab's next save: %q", got)
		}
	})
}
