package browsertest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// TestDataProtectionPages: an administrator sees the dry run of the
// retention rules with a held case, is told clearly what is wrong with a
// bad rule, and uses emergency access (reason, password, code) to look at a
// case, which the review page then lists; every page passes axe and fits a phone.
func TestDataProtectionPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	in := apptest.Start(t, "")
	pr, _ := in.User(t, "pat@example.org", domain.RolePractitioner, false)
	admU, secret := in.User(t, "ada@example.org", domain.RoleAdmin, true)
	owner := accounts.Actor{User: pr}
	var ids []string
	for _, ref := range []string{"DP-CLOSED", "DP-HELD"} {
		c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: ref,
			Participants: []domain.Participant{{Role: "child", Name: "Robin", BirthDate: "2019-09-09"}}})
		if err != nil {
			t.Fatal(err)
		}
		in.ReadyRecording(t, owner, c.ID)
		closeForTest(t, in, c.ID)
		ids = append(ids, c.ID)
	}
	if err := in.Deps.Retention.Hold(ctx, accounts.Actor{User: admU}, ids[1], "Complaint 42"); err != nil {
		t.Fatal(err)
	}

	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("ada@example.org")
	p.wantPath("/login/verify")
	p.enterCode(totp(t, secret, time.Now()))
	dir := screenshotDir(t)
	p.open("/admin/users")
	p.press(`nav a[href="/admin/retention"]`)
	p.wantPath("/admin/retention")
	p.wantText("main", "A recording and its clips", "Held", "Complaint 42", "youngest child's 25th birthday")
	p.lookWideAndNarrow(dir, "dp-retention")

	p.fill("#f-footage_days", "sixty")
	if st := p.press(`form[action="/admin/retention/rules"] button[type="submit"]`); st != http.StatusBadRequest {
		t.Errorf("a rule that is not a number: status %d, want 400", st)
	}
	p.wantText(".error-summary", "Enter a whole number.")
	p.lookWideAndNarrow(dir, "dp-retention-error")

	p.press(`.dp-subnav a[href="/admin/break-glass"]`)
	p.wantPath("/admin/break-glass")
	p.lookWideAndNarrow(dir, "dp-breakglass")
	p.fill("#f-case", ids[0])
	p.fill("#f-reason", "Safeguarding call out of hours")
	p.fill("#f-password", apptest.Password)
	p.fill("#f-code", totp(t, secret, time.Now().Add(30*time.Second)))
	if st := p.press(`form[action="/admin/break-glass"] button[type="submit"]`); st != http.StatusOK {
		t.Fatalf("asking for emergency access: status %d; page says %.300s", st, p.text("main"))
	}
	p.wantText("main", "Emergency access granted", "DP-CLOSED", "Robin", "breakglass.open")
	grant := p.path()
	p.open(grant) // the case view of the first visit is now on the record
	p.wantText("main", "case.view")
	p.lookWideAndNarrow(dir, "dp-grant")

	// The practitioner exports everything held about the family, leaving no one out.
	g := newBrowser(t, in.URL).person(t)
	g.enterPassword("pat@example.org")
	g.wantPath("/")
	g.wantText("main", "Messages", "Safeguarding call out of hours")
	g.lookWideAndNarrow(dir, "dp-caseload-notice")
	g.open("/cases/" + ids[0])
	g.press(`a[href="/cases/` + ids[0] + `/export"]`)
	g.wantText("main", "Leave out other people", "Robin")
	g.lookWideAndNarrow(dir, "dp-export")
	if st := g.press(`form[action="/cases/` + ids[0] + `/export"] button[type="submit"]`); st != http.StatusOK {
		t.Fatalf("making the export: status %d", st)
	}
	g.wantText("main", "Export ready", "Download the zip")
	g.lookWideAndNarrow(dir, "dp-export-ready")
	if zip := g.fetchBytes(eval[string](g, `document.querySelector('a[download]').getAttribute('href')`)); len(zip) < 100 || string(zip[:2]) != "PK" {
		t.Errorf("the download is not a zip (%d bytes)", len(zip))
	}
}

func closeForTest(t *testing.T, in *apptest.Instance, caseID string) {
	ctx := context.Background()
	closed := time.Now().AddDate(0, 0, -10)
	err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.CaseByID(ctx, caseID)
		if err != nil {
			return err
		}
		c.Status, c.ClosedAt = "closed", &closed
		return tx.UpdateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
}
