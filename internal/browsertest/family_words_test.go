package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
)

// TestFamilyWords: a mother's portal in English and Polish says the
// questionnaire's title (not its internal name), each page has a way back
// (the thank-you page after a questionnaire too, and signing out), the
// delete-request box says its limit and counts, Polish speaks to a mother
// in the feminine, Resources come in Polish or say they are in English,
// and no family page scrolls sideways at 320 px, 180 px or 400 % zoom.
func TestFamilyWords(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	gail, _ := in.User(t, "gail@example.org", domain.RolePractitioner, false)
	ctx, a := context.Background(), accounts.Actor{User: gail, IP: "127.0.0.1"}
	dir := screenshotDir(t)
	caseID, filmID := familyCase(t, in, a)
	inv, err := in.Deps.Family.Invite(ctx, a, caseID, family.InviteInput{Name: "Ann", Email: "ann@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, in.URL)
	p, closePhone := phone(t, b)
	defer closePhone()
	_, tok, _ := strings.Cut(inv.Link, "/family/in/")
	p.open("/family/in/" + tok)
	p.press(`main form button[type="submit"]`)
	p.wantPath("/family")

	const title = "Generalised Anxiety Disorder Assessment"
	p.wantText("main", "Fill in: "+title)
	p.lookFamily(dir, "words-home")
	p.wantNoSidewaysScrollAt(180, "the portal")

	p.open("/family/ask?kind=data")
	p.wantText("main", "up to 1,000 characters")
	run(p, "type a note", chromedp.SendKeys(chromedp.CSS("#f-note"), "Please"))
	p.wantText("#f-note-count", "6 of 1,000")
	p.wantBackLink("the delete request")
	p.lookFamily(dir, "words-ask")
	p.wantNoSidewaysScrollAt(180, "the delete request")

	if filmID != "" {
		p.open("/family/films/" + filmID)
		p.wantBackLink("the film")
	}

	p.open("/family")
	p.press(`form[action^="/family/questionnaires/"] button`)
	fillGAD7(p)
	p.wantText("h1", "Thank you")
	p.wantBackLink("the thank-you page")
	p.press(`main a[href="/family"]`)
	p.wantPath("/family")

	p.fill("#f-lang-pick", "pl")
	p.press(`form.f-lang button`)
	p.wantText("h1", "Dzień dobry, Ann")
	p.open("/family/ask?kind=data")
	p.wantText("main", "do 1000 znaków")
	p.lookFamily(dir, "words-ask-pl")
	if filmID != "" {
		p.open("/family/films/" + filmID)
		p.wantText("main", "zgodziłaś")
		if txt := p.text("main"); strings.Contains(txt, "zgodziłeś") {
			t.Errorf("the Polish film page speaks to a mother in the masculine: %q", txt)
		}
		p.lookFamily(dir, "words-film-pl")
	}
	p.open("/resources")
	p.wantText("h1", "O pracy z Twoją rodziną")
	p.wantBackLink("Resources")
	p.lookFamily(dir, "words-resources-pl")
	p.wantNoSidewaysScrollAt(180, "Resources")

	ada, _ := in.User(t, "ada@example.org", domain.RoleAdmin, false)
	if err := in.Deps.Family.SetResources(ctx, accounts.Actor{User: ada}, "en", "# Our service\n\nWe are here.", family.AudiencePublic); err != nil {
		t.Fatal(err)
	}
	p.open("/resources")
	p.wantText("main", "Our service", "po angielsku")
	admin := b.person(t)
	admin.enterPassword("ada@example.org")
	admin.open("/admin/resources")
	admin.press(`main a[href="/admin/resources?lang=pl"]`)
	admin.wantText("main", "no text in this language yet")
	admin.fill("#f-markdown", "# Nasza poradnia")
	admin.press(`form[action="/admin/resources"] button[type="submit"]`)
	admin.wantText("[role=status]", "Saved")
	admin.lookAt(dir, "words-admin-resources-pl")
	p.open("/resources")
	p.wantText("h1", "Nasza poradnia")

	p.open("/family")
	p.press(`footer form[action="/family/signout"] button`)
	p.wantPath("/family/signedout")
	p.lookFamily(dir, "words-signedout-pl")
	if p.count(`main a[href="/family/signin#new-code"]`) == 0 {
		t.Error("the signed-out page has no way to ask for a new code")
	}
	p.open("/family/in/" + tok)
	p.wantText("main", "został już użyty")
	p.press(`main a[href="/family/signin#new-code"]`)
	p.wantPath("/family/signin")
	p.wantText("#new-code", "Nie masz kodu")
	p.lookFamily(dir, "words-signin-pl")
	p.wantNoSidewaysScrollAt(180, "the sign-in page")
}

// wantBackLink checks the page has a link back to the portal.
func (p *tab) wantBackLink(page string) {
	p.t.Helper()
	if p.count(`main a[href="/family"]`) == 0 {
		p.t.Errorf("%s has no way back to the family's page", page)
	}
}

// wantNoSidewaysScrollAt narrows the window to width CSS px and checks
// nothing scrolls sideways (WCAG 1.4.10).
func (p *tab) wantNoSidewaysScrollAt(width int64, name string) {
	p.t.Helper()
	run(p, "resize", chromedp.EmulateViewport(width, 640))
	p.wantNoSidewaysScroll(name)
	run(p, "resize", chromedp.EmulateViewport(360, 740))
}
