package questionnaires

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

var ctx = context.Background()

type sentMail struct {
	mu   sync.Mutex
	sent []string
}

func (m *sentMail) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, to+"|"+subject+"|"+body)
	return nil
}

type world struct {
	svc          *Service
	owner, other accounts.Actor
	admin        accounts.Actor
	caseID       string
	mail         *sentMail
	clock        *time.Time
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	mk := func(id string, role domain.Role) accounts.Actor {
		u := &domain.User{ID: id, Email: id + "@example.org", Name: id, Role: role, MFARequired: true}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		return accounts.Actor{User: u, IP: "192.0.2.1"}
	}
	now := time.Now()
	w := &world{owner: mk("guider", domain.RolePractitioner), other: mk("other", domain.RolePractitioner),
		admin: mk("admin", domain.RoleAdmin), mail: &sentMail{}, clock: &now}
	w.svc = &Service{DB: db, Mail: w.mail, PublicURL: func() string { return "https://attune.example.org" }, Now: func() time.Time { return *w.clock }}
	c, err := (&casework.Service{DB: db}).Create(ctx, w.owner, casework.Input{Reference: "Q-1"})
	if err != nil {
		t.Fatal(err)
	}
	w.caseID = c.ID
	return w
}

func (w *world) phq(t *testing.T) *Instrument {
	all, err := w.svc.Instruments(ctx, w.owner)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range all {
		if in.Name == "PHQ-9" {
			return in
		}
	}
	t.Fatal("PHQ-9 is not in the library")
	return nil
}

func TestParentLinkFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		phq := w.phq(t)
		if _, _, err := w.svc.Assign(ctx, w.other, w.caseID, AssignInput{InstrumentID: phq.ID, Point: "baseline"}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner must not assign: %v", err)
		}
		as, token, err := w.svc.Assign(ctx, w.owner, w.caseID, AssignInput{InstrumentID: phq.ID, Point: "baseline"})
		if err != nil || len(token) < 43 || as.TokenHash == token {
			t.Fatalf("assign: %v %q", err, token)
		}
		acc := Access{Token: token}
		if err := w.svc.Save(ctx, acc, Answers{"phq9-1": "LA6571-9", "phq9-2": "LA6570-1"}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Save(ctx, acc, Answers{"phq9-3": "7"}); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("an answer outside the options must be refused: %v", err)
		}
		f, err := w.svc.Open(ctx, acc)
		if err != nil || f.Answers["phq9-2"] != "LA6570-1" || f.Answers["phq9-3"] != "" {
			t.Fatalf("saved answers kept, the bad one not: %v %v", err, f)
		}
		if _, _, err := w.svc.Submit(ctx, acc); err == nil || !strings.Contains(domain.ErrorMessage(err), "3, 4, 5, 6, 7, 8, 9") {
			t.Fatalf("a submission with unanswered questions: %v", err)
		}
		rest := Answers{}
		for _, id := range []string{"3", "4", "5", "6", "7", "8"} {
			rest["phq9-"+id] = "LA6569-3"
		}
		rest["phq9-9"] = "LA6569-3"
		if err := w.svc.Save(ctx, acc, rest); err != nil {
			t.Fatal(err)
		}
		done, sc, err := w.svc.Submit(ctx, acc)
		if err != nil || *sc.Total != 12 || sc.Band != "Moderate" || !done.Risk {
			t.Fatalf("submit: %v %+v", err, sc)
		}
		if _, _, err := w.svc.Submit(ctx, acc); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a second submission: %v", err)
		}
		if _, err := w.svc.Open(ctx, acc); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a completed link must not open the answers: %v", err)
		}
		alerts, err := w.svc.Alerts(ctx, w.owner)
		if err != nil || len(alerts) != 1 || alerts[0].CaseID != w.caseID {
			t.Fatalf("risk alert: %v %v", err, alerts)
		}
		if len(w.mail.sent) != 1 || !strings.HasPrefix(w.mail.sent[0], "guider@example.org|") || strings.Contains(w.mail.sent[0], "LA6569") {
			t.Fatalf("risk e-mail: %q", w.mail.sent)
		}
		if others, _ := w.svc.Alerts(ctx, w.other); len(others) != 0 {
			t.Fatalf("another practitioner sees the alert: %v", others)
		}
		if _, err := w.svc.Acknowledge(ctx, w.owner, alerts[0].ID, "Rang her."); err != nil {
			t.Fatal(err)
		}
		if left, _ := w.svc.Alerts(ctx, w.owner); len(left) != 0 {
			t.Fatalf("an acknowledged alert stays: %v", left)
		}
	})
}

func TestExpiryAndNewLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		phq := w.phq(t)
		as, token, err := w.svc.Assign(ctx, w.owner, w.caseID, AssignInput{InstrumentID: phq.ID, Point: "cycle", Cycle: 2})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Save(ctx, Access{Token: token}, Answers{"phq9-1": "LA6568-5"}); err != nil {
			t.Fatal(err)
		}
		later := w.clock.Add(15 * 24 * time.Hour)
		w.clock = &later
		if _, _, err := w.svc.Submit(ctx, Access{Token: token}); domain.ErrorCode(err) != domain.EFORBIDDEN || !strings.Contains(domain.ErrorMessage(err), "kept") {
			t.Fatalf("after expiry: %v", err)
		}
		_, fresh, err := w.svc.NewLink(ctx, w.owner, as.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Open(ctx, Access{Token: token}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("the old link must stop working: %v", err)
		}
		f, err := w.svc.Open(ctx, Access{Token: fresh})
		if err != nil || f.Answers["phq9-1"] != "LA6568-5" {
			t.Fatalf("answers saved before expiry are kept: %v %v", err, f)
		}
	})
}

func TestRepeatedMeasureAndStaffFill(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		phq := w.phq(t)
		fill := func(point string, total int) {
			as, _, err := w.svc.Assign(ctx, w.owner, w.caseID, AssignInput{InstrumentID: phq.ID, Point: point})
			if err != nil {
				t.Fatal(err)
			}
			acc := Access{Actor: w.owner, AssignmentID: as.ID}
			if err := w.svc.Save(ctx, acc, answers("phq9", 9, total)); err != nil {
				t.Fatal(err)
			}
			if _, _, err := w.svc.Submit(ctx, acc); err != nil {
				t.Fatal(err)
			}
		}
		fill("baseline", 14)
		fill("end", 6)
		o, err := w.svc.CaseOutcomes(ctx, w.owner, w.caseID)
		if err != nil || len(o.Series) != 1 || len(o.Series[0].Results) != 2 {
			t.Fatalf("outcomes: %v %+v", err, o)
		}
		c := o.Series[0].Results[1].Change
		if c == nil || c.Diff != -8 || c.Direction != Improved || !c.CrossedCutoff || !c.Recovered {
			t.Fatalf("change: %+v", c)
		}
		csv, err := w.svc.CaseCSV(ctx, w.owner, w.caseID)
		if err != nil || !strings.Contains(string(csv), "PHQ-9,1,end,0,") || !strings.Contains(string(csv), ",total,6,Mild,false,-8,,improved,true,true") {
			t.Fatalf("csv: %v\n%s", err, csv)
		}
		if _, err := w.svc.CaseOutcomes(ctx, w.other, w.caseID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner: %v", err)
		}
		qr, err := w.svc.ResponseFHIR(ctx, w.owner, o.Series[0].Results[0].Assignment.ID)
		if err != nil || !strings.Contains(string(qr), `"QuestionnaireResponse"`) {
			t.Fatalf("fhir response: %v", err)
		}
		from, to := time.Now().AddDate(0, -1, 0), time.Now().Add(time.Hour)
		if _, err := w.svc.Report(ctx, w.owner, from, to); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("a practitioner must not see the service report: %v", err)
		}
		rep, err := w.svc.Report(ctx, w.admin, from, to)
		if err != nil || rep.CasesOpened != 1 || len(rep.Measures) != 1 {
			t.Fatalf("report: %v %+v", err, rep)
		}
		m := rep.Measures[0]
		if m.Pairs != 1 || m.MeanFirst != 14 || m.MeanChange != -8 || m.Share(m.Improved) != 1 || m.Share(m.Recovered) != 1 {
			t.Errorf("measure: %+v", m)
		}
		if !strings.Contains(string(rep.CSV()), "PHQ-9,Reliably improved and moved out of the clinical range (share),1") {
			t.Errorf("report csv:\n%s", rep.CSV())
		}
		if pdf, err := rep.PDF(); err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
			t.Errorf("report pdf: %v", err)
		}
		if old, err := w.svc.Report(ctx, w.admin, from.AddDate(-1, 0, 0), from); err != nil || len(old.Measures) != 0 || old.CasesOpened != 0 {
			t.Errorf("an earlier period has nothing: %v %+v", err, old)
		}
	})
}

func TestImportVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		doc := loadDoc(t)
		if _, _, err := w.svc.Import(ctx, w.owner, doc); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("a practitioner must not import: %v", err)
		}
		r1, created, err := w.svc.Import(ctx, w.admin, doc)
		if err != nil || !created || r1.Instrument.Version != 1 {
			t.Fatalf("import: %v %v", err, created)
		}
		if r, created, err := w.svc.Import(ctx, w.admin, doc); err != nil || created || r.Instrument.ID != r1.Instrument.ID {
			t.Fatalf("the same document again must change nothing: %v %v", err, created)
		}
		changed := strings.Replace(string(doc), "I feel I do well.", "I feel I do well as a parent.", 1)
		r2, created, err := w.svc.Import(ctx, w.admin, []byte(changed))
		if err != nil || !created || r2.Instrument.Version != 2 || r2.Instrument.ID == r1.Instrument.ID {
			t.Fatalf("a change makes a new version: %v %+v", err, r2.Instrument)
		}
		old, err := w.svc.Instrument(ctx, w.owner, r1.Instrument.ID)
		if err != nil || old.Item("q1").Text != "I feel I do well." {
			t.Fatalf("the old version stays as it was: %v", err)
		}
		bundledKey := strings.Replace(string(doc), "https://example.org/fhir/Questionnaire/parenting-example", "https://attune-vig.org/fhir/Questionnaire/phq-9", 1)
		if _, _, err := w.svc.Import(ctx, w.admin, []byte(bundledKey)); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("the bundled url must be refused: %v", err)
		}
	})
}

func TestEmailLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		as, token, err := w.svc.Assign(ctx, w.owner, w.caseID, AssignInput{InstrumentID: w.phq(t).ID, Point: "end"})
		if err != nil {
			t.Fatal(err)
		}
		link := w.svc.LinkURL(token)
		if err := w.svc.EmailLink(ctx, w.other, as.ID, link, "ann@example.org"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner: %v", err)
		}
		if err := w.svc.EmailLink(ctx, w.owner, as.ID, link, "not an address"); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("a bad address: %v", err)
		}
		if err := w.svc.EmailLink(ctx, w.owner, as.ID, link, "ann@example.org"); err != nil {
			t.Fatal(err)
		}
		if len(w.mail.sent) != 1 || !strings.Contains(w.mail.sent[0], "https://attune.example.org/q/"+token) {
			t.Fatalf("mail: %q", w.mail.sent)
		}
		if _, _, err := w.svc.NewLink(ctx, w.owner, as.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.EmailLink(ctx, w.owner, as.ID, link, "ann@example.org"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("a replaced link must not be sent: %v", err)
		}
		w.svc.Mail = nil
		if err := w.svc.EmailLink(ctx, w.owner, as.ID, link, "ann@example.org"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("without SMTP: %v", err)
		}
	})
}
