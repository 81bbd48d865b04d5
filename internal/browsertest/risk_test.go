package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
)

const serviceHelp = "Ring our duty line on 0100 000 000, or 999 if you are in danger now."

// TestRiskAnswer: a parent on a phone chooses "Several days" for PHQ-9
// question 9 and sees the service's help message at once, before sending;
// it goes when the answer changes back and shows again on the thank-you
// page. The guider's start page and case name the question and the answer;
// the guider acknowledges with the keyboard, writing what they did, and
// then reads all the answers on the response page, at 360 px too.
func TestRiskAnswer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "gail@example.org", domain.RolePractitioner, false)
	in.User(t, "ada@example.org", domain.RoleAdmin, false)
	c, err := in.Deps.Cases.Create(ctx, accounts.Actor{User: u}, casework.Input{Reference: "RISK-1"})
	if err != nil {
		t.Fatal(err)
	}
	token := riskAssignment(t, in, accounts.Actor{User: u}, c.ID)
	dir := screenshotDir(t)
	b := newBrowser(t, in.URL)

	// The administrator writes the service's own message.
	adm := b.person(t)
	adm.enterPassword("ada@example.org")
	adm.open("/admin/risk")
	if v := eval[string](adm, `document.querySelector('#f-message-en').value`); !strings.Contains(v, "116 123") {
		t.Errorf("the default message names no help line: %q", v)
	}
	adm.fill("#f-hours", "0")
	if st := adm.press(`form[action="/admin/risk"] button[type="submit"]`); st != 400 {
		t.Errorf("0 hours: status %d, want 400", st)
	}
	adm.wantText(".error-summary", "1 to 336")
	adm.fill("#f-message-en", serviceHelp)
	adm.fill("#f-hours", "12")
	adm.press(`form[action="/admin/risk"] button[type="submit"]`)
	adm.wantText(".banner-ok", "Saved")
	adm.lookWideAndNarrow(dir, "risk-admin")

	parent, closeParent := phone(t, b)
	defer closeParent()
	parent.open("/q/" + token + "?p=3")
	parent.wantText(".q-step", "Page 3 of 4")
	if parent.count(".q-risk-text") != 0 {
		t.Fatal("the help message shows before any risk answer")
	}
	answer(parent, "9", "LA6569-3")
	parent.wantText("#q-3 .q-risk-text", serviceHelp)
	parent.checkAxe("risk message at 360 px")
	parent.lookAt(dir, "risk-parent-message")
	answer(parent, "9", "LA6568-5")
	parent.waitJS(`document.querySelector('.q-risk-text') === null`, 5*time.Second, "the help message to go")
	answer(parent, "9", "LA6569-3")
	parent.wantText("#q-3 .q-risk-text", serviceHelp)
	parent.press(`button[value="next"]`)
	parent.press(`button[value="send"]`)
	parent.wantText("h1", "Thank you")
	parent.wantText("main", serviceHelp)
	parent.lookAt(dir, "risk-parent-done")

	g := b.person(t)
	g.enterPassword("gail@example.org")
	waitFor(g, `#risk-alerts .risk`)
	g.wantText("#risk-alerts", "1 risk answer needs attention today", "RISK-1", "PHQ-9", "better off dead", "Several days")
	g.open("/cases/" + c.ID)
	waitFor(g, `#alerts form.ack-form`)
	g.wantText("#alerts", "A risk answer needs your attention today", "PHQ-9", "Thoughts that you would be better off dead", "Several days")
	g.lookAt(dir, "risk-case-alert")
	g.click(`#alerts textarea[name="action"]`)
	g.typeKeys("Rang the mother at 10:05; she is safe and sees her GP today.")
	g.keys("\t")
	g.keys("\r")
	g.waitThroughReload(`document.querySelector('#alerts .alert-done') !== null`, 10*time.Second, "the acknowledged alert on the case")
	g.wantText(".banner-ok", "acknowledged")
	g.wantText("#alerts .alert-done summary", "acknowledged by")
	if g.count(`#alerts form.ack-form`) != 0 {
		t.Error("the acknowledged alert still asks for acknowledgement")
	}
	g.open("/")
	if n := g.count(`#risk-alerts .risk`); n != 0 {
		t.Errorf("the start page still shows %d risk banners after acknowledging", n)
	}

	g.open("/cases/" + c.ID)
	waitFor(g, `a[href^="/responses/"]`)
	g.press(`a[href^="/responses/"]`)
	g.wantText("h1", "the answers")
	g.wantText("main", "Thoughts that you would be better off dead", "Several days", "risk answer", "The first time")
	g.wantText("main", "Back to the case")
	g.checkAxe("response page")
	g.lookWideAndNarrow(dir, "risk-response")
}

// riskAssignment gives the case a PHQ-9 with every answer but question 9
// saved, and returns the parent's link token.
func riskAssignment(t *testing.T, in *apptest.Instance, a accounts.Actor, caseID string) string {
	t.Helper()
	ctx := context.Background()
	lib, err := in.Deps.Questionnaires.Instruments(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	var phq string
	for _, i := range lib {
		if i.Name == "PHQ-9" {
			phq = i.ID
		}
	}
	_, token, err := in.Deps.Questionnaires.Assign(ctx, a, caseID, questionnaires.AssignInput{InstrumentID: phq, Point: "baseline"})
	if err != nil {
		t.Fatal(err)
	}
	ans := questionnaires.Answers{"phq9-10": "LA6572-7"}
	for _, n := range strings.Fields("1 2 3 4 5 6 7 8") {
		ans["phq9-"+n] = "LA6568-5"
	}
	if err := in.Deps.Questionnaires.Save(ctx, questionnaires.Access{Token: token}, ans); err != nil {
		t.Fatal(err)
	}
	return token
}
