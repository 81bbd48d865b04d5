package questionnaires

import (
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func (w *world) user(t *testing.T, db *store.DB, id string, role domain.Role) accounts.Actor {
	t.Helper()
	u := &domain.User{ID: id, Email: id + "@example.org", Name: "Name of " + id, Role: role, MFARequired: true}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	return accounts.Actor{User: u, IP: "192.0.2.1"}
}

// riskPHQ sends a PHQ-9 whose item 9 is "Several days".
func (w *world) riskPHQ(t *testing.T) *domain.Assignment {
	t.Helper()
	_, token, err := w.svc.Assign(ctx, w.owner, w.caseID, AssignInput{InstrumentID: w.phq(t).ID, Point: "baseline"})
	if err != nil {
		t.Fatal(err)
	}
	ans := Answers{}
	for _, id := range []string{"1", "2", "3", "4", "5", "6", "7", "8"} {
		ans["phq9-"+id] = "LA6568-5"
	}
	ans["phq9-9"] = "LA6569-3"
	if err := w.svc.Save(ctx, Access{Token: token}, ans); err != nil {
		t.Fatal(err)
	}
	as, _, err := w.svc.Submit(ctx, Access{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func audited(t *testing.T, db *store.DB, action, caseID string) []domain.AuditEntry {
	t.Helper()
	var out []domain.AuditEntry
	err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.AuditEntries(ctx, store.AuditFilter{CaseID: caseID, Action: action, Limit: 50})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A risk answer's alert names the instrument, the question and the answer,
// stays until acknowledged with the action taken, and after the service's
// time goes to the case's supervisor and the duty person.
func TestRiskAlertAcknowledgedOrEscalated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		sup := w.user(t, db, "sup", domain.RoleSupervisor)
		duty := w.user(t, db, "duty", domain.RolePractitioner)
		mentor := w.user(t, db, "mentor", domain.RoleSupervisor) // supervises the guider; the case isn't shared with them
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.LinkSupervisor(ctx, mentor.ID(), w.owner.ID(), w.admin.ID()) }); err != nil {
			t.Fatal(err)
		}
		if err := (&casework.Service{DB: db}).Share(ctx, w.owner, w.caseID, sup.ID()); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SetRiskSettings(ctx, w.owner, RiskSettings{Hours: 24}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("a practitioner must not change the risk settings: %v", err)
		}
		for _, bad := range []RiskSettings{{Hours: 0}, {Hours: 24 * 31}, {Hours: 24, DutyID: "nobody"}, {Hours: 24, DutyID: w.admin.ID()}} {
			if err := w.svc.SetRiskSettings(ctx, w.admin, bad); domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("settings %+v: %v", bad, err)
			}
		}
		if err := w.svc.SetRiskSettings(ctx, w.admin, RiskSettings{Hours: 24, DutyID: duty.ID()}); err != nil {
			t.Fatal(err)
		}
		as := w.riskPHQ(t)
		alerts, err := w.svc.CaseAlerts(ctx, w.owner, w.caseID)
		if err != nil || len(alerts) != 1 {
			t.Fatalf("case alerts: %v %v", err, alerts)
		}
		al := alerts[0]
		if al.InstrumentName != "PHQ-9" || al.AssignmentID != as.ID || len(al.Items) != 1 ||
			!strings.Contains(al.Items[0].Question, "better off dead") || al.Items[0].Answer != "Several days" || al.AckAt != nil {
			t.Fatalf("the alert must name the instrument, question and answer: %+v %+v", al, al.Items)
		}
		if _, err := w.svc.CaseAlerts(ctx, w.other, w.caseID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner lists the alerts: %v", err)
		}
		if n, err := w.svc.EscalateAlerts(ctx); err != nil || n != 0 {
			t.Fatalf("escalated before its time: %d %v", n, err)
		}
		for _, who := range []accounts.Actor{duty, mentor} {
			if mine, _ := w.svc.Alerts(ctx, who); len(mine) != 0 {
				t.Fatalf("%s sees an alert before its time: %v", who.ID(), mine)
			}
		}
		later := w.clock.Add(25 * time.Hour)
		w.clock = &later
		w.mail.sent = nil
		if n, err := w.svc.EscalateAlerts(ctx); err != nil || n != 1 {
			t.Fatalf("escalate: %d %v", n, err)
		}
		if n, _ := w.svc.EscalateAlerts(ctx); n != 0 {
			t.Fatalf("an alert escalated twice")
		}
		mailed := strings.Join(w.mail.sent, "\n")
		if len(w.mail.sent) != 3 || !strings.Contains(mailed, "sup@example.org|") || !strings.Contains(mailed, "duty@example.org|") || !strings.Contains(mailed, "mentor@example.org|") ||
			strings.Contains(mailed, "Several days") || !strings.Contains(mailed, "Q-1") {
			t.Fatalf("escalation e-mails: %q", w.mail.sent)
		}
		for _, who := range []accounts.Actor{sup, duty, mentor, w.owner} {
			got, err := w.svc.Alerts(ctx, who)
			if err != nil || len(got) != 1 || !got[0].Overdue {
				t.Fatalf("%s's start page: %v %+v", who.ID(), err, got)
			}
		}
		dutyView, _ := w.svc.Alerts(ctx, duty)
		if !dutyView[0].Limited || len(dutyView[0].Items) != 0 || dutyView[0].OwnerName != "guider" {
			t.Errorf("the duty person has no access to the case: no answers, but the guider's name: %+v", dutyView[0])
		}
		if _, err := w.svc.Acknowledge(ctx, w.owner, al.ID, "  "); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("an acknowledgement without the action taken: %v", err)
		}
		if _, err := w.svc.Acknowledge(ctx, w.other, al.ID, "Rang"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner acknowledges: %v", err)
		}
		if _, err := w.svc.Acknowledge(ctx, sup, al.ID, "Rang the mother; she is safe and sees her GP tomorrow."); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Acknowledge(ctx, w.owner, al.ID, "Again"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("a second acknowledgement: %v", err)
		}
		for _, who := range []accounts.Actor{sup, duty, mentor, w.owner} {
			if got, _ := w.svc.Alerts(ctx, who); len(got) != 0 {
				t.Fatalf("an acknowledged alert stays on %s's start page: %+v", who.ID(), got)
			}
		}
		alerts, _ = w.svc.CaseAlerts(ctx, w.owner, w.caseID)
		if a := alerts[0]; a.AckAt == nil || a.AckBy != sup.ID() || a.AckByName != "Name of sup" || !strings.Contains(a.Action, "GP tomorrow") || a.EscalatedAt == nil {
			t.Fatalf("acknowledged: %+v", a)
		}
		if n := len(audited(t, db, "questionnaire.risk_acknowledged", w.caseID)); n != 1 {
			t.Errorf("acknowledgement audited %d times", n)
		}
		if n := len(audited(t, db, "questionnaire.risk_escalated", w.caseID)); n != 1 {
			t.Errorf("escalation audited %d times", n)
		}
	})
}

// The parent's message after a risk answer is the service's, with a safe
// default that names urgent help.
func TestRiskMessageSetting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		if m := w.svc.RiskMessage(ctx, "en"); !strings.Contains(m, "999") || !strings.Contains(m, "116 123") {
			t.Errorf("default message: %q", m)
		}
		if m := w.svc.RiskMessage(ctx, "pl"); !strings.Contains(m, "116 123") || strings.Contains(m, "If you") {
			t.Errorf("default Polish message: %q", m)
		}
		set := RiskSettings{Messages: map[string]string{"en": "Call our duty line on 0100 000 000, or 999 in an emergency."}, Hours: 8}
		if err := w.svc.SetRiskSettings(ctx, w.admin, set); err != nil {
			t.Fatal(err)
		}
		if m := w.svc.RiskMessage(ctx, "en"); m != set.Messages["en"] {
			t.Errorf("the service's message: %q", m)
		}
		got, err := w.svc.RiskSettings(ctx)
		if err != nil || got.Hours != 8 || got.Messages["en"] != set.Messages["en"] || !strings.Contains(got.Messages["pl"], "116 123") {
			t.Errorf("settings read back: %v %+v", err, got)
		}
	})
}
