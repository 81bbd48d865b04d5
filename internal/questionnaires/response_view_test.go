package questionnaires

import (
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

const bedtimeCheck = `{"resourceType":"Questionnaire","url":"https://example.org/q/bedtime","name":"BedtimeCheck","title":"Bedtime check","status":"active",
"item":[{"linkId":"calm","text":"How calm was bedtime?","type":"choice","answerOption":[{"valueCoding":{"code":"a","display":"Not calm"}},{"valueCoding":{"code":"b","display":"Calm"}}]},
{"linkId":"evenings","text":"On how many evenings did you read together?","type":"integer"},
{"linkId":"else","text":"Anything else you would like your guider to know?","type":"text"}]}`

// The guider reads each answer, free text in full, with the change since
// the last time; reading is audited, and the CSV has the answers too.
func TestGuiderReadsTheAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		res, _, err := w.svc.Import(ctx, w.admin, []byte(bedtimeCheck))
		if err != nil {
			t.Fatal(err)
		}
		long := strings.TrimSpace(strings.Repeat("He settles better when we read. ", 55))
		send := func(point string, ans Answers) *domain.Assignment {
			as, _, err := w.svc.Assign(ctx, w.owner, w.caseID, AssignInput{InstrumentID: res.Instrument.ID, Point: point})
			if err != nil {
				t.Fatal(err)
			}
			acc := Access{Actor: w.owner, AssignmentID: as.ID}
			if err := w.svc.Save(ctx, acc, ans); err != nil {
				t.Fatal(err)
			}
			if _, _, err := w.svc.Submit(ctx, acc); err != nil {
				t.Fatal(err)
			}
			return as
		}
		first := send("baseline", Answers{"calm": "a", "evenings": "1", "else": "=1+1 Bedtime is a battle."})
		second := send("end", Answers{"calm": "b", "evenings": "1", "else": long})
		if _, err := w.svc.Response(ctx, w.other, second.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner reads the answers: %v", err)
		}
		v, err := w.svc.Response(ctx, w.owner, second.ID)
		if err != nil || v.Previous == nil || v.Previous.ID != first.ID || len(v.Items) != 3 {
			t.Fatalf("response: %v %+v", err, v)
		}
		want := []struct {
			q, answer, before string
			changed           bool
		}{
			{"How calm was bedtime?", "Calm", "Not calm", true},
			{"On how many evenings", "1", "1", false},
			{"Anything else", long, "=1+1 Bedtime is a battle.", true},
		}
		for i, wnt := range want {
			it := v.Items[i]
			if !strings.HasPrefix(it.Question, wnt.q) || it.Answer != wnt.answer || it.Before != wnt.before || it.Changed != wnt.changed {
				t.Errorf("item %d: %+v", i, it)
			}
		}
		if v, _ := w.svc.Response(ctx, w.owner, first.ID); v.Previous != nil || v.Items[0].Changed {
			t.Errorf("the first time has nothing to compare with: %+v", v)
		}
		if n := len(audited(t, db, "questionnaire.response_view", w.caseID)); n != 2 {
			t.Errorf("reading the answers audited %d times, want 2", n)
		}
		csv, err := w.svc.CaseCSV(ctx, w.owner, w.caseID)
		if err != nil {
			t.Fatal(err)
		}
		for _, wnt := range []string{",question,answer", ",calm,,,,,,,,,How calm was bedtime?,Calm", "'=1+1 Bedtime is a battle.", long} {
			if !strings.Contains(string(csv), wnt) {
				t.Errorf("the CSV lacks %q:\n%s", wnt, csv)
			}
		}
	})
}
