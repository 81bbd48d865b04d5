package app_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/store"
)

// Two more callers: a parent of the shared case and a parent of another
// case, each signed in on their own device. Staff routes treat them as
// anonymous (anonLike), so every existing row covers them too.
const (
	famThis  = "family of this case"
	famOther = "family of another case"
)

func init() {
	callers = append(callers, famThis, famOther)
	anonLike[famThis], anonLike[famOther] = true, true
	rowSources = append(rowSources, familyRows)
	callerHooks = append(callerHooks, familyCallers)
}

// Common shapes for the family's routes.
var (
	famGET  = expect{anon: 303, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 403, famThis: 200, famOther: 200}
	famPOST = expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 403, famThis: 303, famOther: 303}
	famOwn  = expect{anon: 303, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 403, famThis: 200, famOther: 404}
	staffOK = expect{anon: 401, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}
	staffGo = expect{anon: 401, owner: 303, other: 404, supShare: 403, supNone: 404, admin: 403}
)

func familyRows(ids map[string]string) []row {
	c, film, m := ids["case"], ids["famFilm"], ids["famMember"]
	return []row{
		{route: "GET /family", expect: famGET},
		{route: "POST /family/lang", body: "lang=pl&back=/family", expect: famPOST},
		{route: "GET /family/calendar.ics", expect: famGET},
		{route: "POST /family/questionnaires/{id}", path: "/family/questionnaires/" + ids["famAssignment"],
			expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 403, famThis: 303, famOther: 404}},
		{route: "GET /family/films/{id}", path: "/family/films/" + film, expect: famOwn},
		{route: "GET /family/films/{id}/video", path: "/family/films/" + film + "/video", expect: famOwn},
		{route: "GET /family/films/{id}/download", path: "/family/films/" + film + "/download",
			expect: expect{anon: 303, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 403, famThis: 403, famOther: 404}},
		{route: "GET /family/ask", path: "/family/ask?kind=film&film=" + film, expect: famOwn},
		{route: "POST /family/ask", body: "kind=film&film=" + film,
			expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 403, famThis: 303, famOther: 404}},
		{route: "GET /family/signin", expect: expect{famThis: 303, famOther: 303, "*": 200}},
		{route: "POST /family/signin", body: "email=nobody@example.org&code=12345678", expect: all(401)},
		{route: "POST /family/signin/request", body: "email=nobody@example.org", expect: all(200)},
		{route: "GET /family/in/{token}", path: "/family/in/not-a-real-token", expect: all(404)},
		{route: "POST /family/in/{token}", path: "/family/in/not-a-real-token", expect: all(404)},
		{route: "GET /family/signedout", expect: all(200)},
		{route: "GET /family/pin", expect: expect{anon: 303, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 403, famThis: 303, famOther: 303}},
		{route: "POST /family/pin", body: "pin=2580", expect: famPOST},
		// Sign out on all devices first; the plain sign-out after it then finds
		// the device already signed out, as any ended session is refused.
		{route: "POST /family/signout-all", expect: famPOST, order: 7},
		{route: "POST /family/signout", expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 403,
			famThis: 401, famOther: 401}, order: 7},
		{route: "GET /cases/{id}/family", path: "/cases/" + c + "/family", expect: caseView},
		{route: "POST /cases/{id}/family", path: "/cases/" + c + "/family", body: "name=Kim&lang=en", expect: staffOK},
		{route: "POST /family-members/{id}/passes", path: "/family-members/" + m + "/passes", expect: staffOK},
		{route: "POST /family-members/{id}/pin-reset", path: "/family-members/" + m + "/pin-reset", expect: staffOK, order: 7},
		{route: "POST /family-members/{id}/signout", path: "/family-members/" + m + "/signout", expect: staffGo, order: 7},
		{route: "POST /family-members/{id}/remove", path: "/family-members/" + m + "/remove", expect: staffGo, order: 7},
		{route: "POST /family-requests/{id}/done", path: "/family-requests/" + ids["famRequest"] + "/done", expect: staffGo},
		{route: "GET /family-requests", expect: expect{anon: 303, owner: 200, other: 200, supShare: 200, supNone: 200, admin: 403}},
		{route: "GET /resources", expect: all(200)},
		{route: "GET /resources/media/{id}", path: "/resources/media/" + ids["famMedia"], expect: all(200)},
		{route: "GET /admin/resources", expect: adminGET},
		{route: "POST /admin/resources", body: "markdown=%23+Hello&audience=public", expect: adminPOST},
		{route: "POST /admin/resources/media", expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 400}},
		{route: "POST /admin/resources/media/{id}/delete", path: "/admin/resources/media/" + ids["famMedia"] + "/delete", expect: adminPOST, order: 7},
		{route: "POST /admin/family/languages", expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 400}},
		{route: "GET /admin/family/languages/en.json", expect: adminGET},
	}
}

// familyCallers invites a parent on the shared case and one on another
// case, signs each in with their link on their own cookie jar, and adds a
// released film, an open questionnaire, a request and a Resources picture.
func familyCallers(t *testing.T, in *apptest.Instance, ids map[string]string, who map[string]*caller) {
	ctx := context.Background()
	owner, admin := actorOf(t, in, "owner@example.org"), actorOf(t, in, "admin@example.org")
	otherCase, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "REF-2", Focus: "bedtime",
		Participants: []domain.Participant{{Role: "adult", Name: "Bo", Relation: "father"}}})
	if err != nil {
		t.Fatal(err)
	}
	for caller, caseID := range map[string]string{famThis: ids["case"], famOther: otherCase.ID} {
		inv, err := in.Deps.Family.Invite(ctx, owner, caseID, family.InviteInput{Name: caller, Email: strings.ReplaceAll(caller, " ", ".") + "@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		if caller == famThis {
			ids["famMember"] = inv.Member.ID
		}
		ids["actor:"+caller] = "family:" + inv.Member.ID
		who[caller] = familySignIn(t, in, inv.Link)
	}
	ids["famFilm"] = releasedFilm(t, in, owner, ids["case"])
	ins, err := in.Deps.Questionnaires.Instruments(ctx, owner)
	if err != nil || len(ins) == 0 {
		t.Fatalf("instruments: %v", err)
	}
	as, _, err := in.Deps.Questionnaires.Assign(ctx, owner, ids["case"], questionnaires.AssignInput{InstrumentID: ins[0].ID,
		Point: domain.PointBaseline, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	ids["famAssignment"] = as.ID
	req := &domain.FamilyRequest{ID: "req-" + ids["famMember"], CaseID: ids["case"], MemberID: ids["famMember"], Kind: domain.RequestData}
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateFamilyRequest(ctx, req) }); err != nil {
		t.Fatal(err)
	}
	ids["famRequest"] = req.ID
	var pic bytes.Buffer
	png.Encode(&pic, image.NewGray(image.Rect(0, 0, 4, 4)))
	m, err := in.Deps.Family.AddMedia(ctx, admin, "dot.png", &pic)
	if err != nil {
		t.Fatal(err)
	}
	ids["famMedia"] = m.ID
}

func actorOf(t *testing.T, in *apptest.Instance, email string) accounts.Actor {
	ctx := context.Background()
	var u *domain.User
	if err := in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) { u, err = tx.UserByEmail(ctx, email); return err }); err != nil {
		t.Fatal(err)
	}
	return accounts.Actor{User: u}
}

// releasedFilm makes a film with a stored file, marks it rendered and
// released, with the family's consent to filming in force.
func releasedFilm(t *testing.T, in *apptest.Instance, owner accounts.Actor, caseID string) string {
	ids := map[string]string{"case": caseID}
	filmWorld(t, in, owner, ids)
	in.FilmingConsent(t, owner, caseID)
	ctx := context.Background()
	now := time.Now()
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.SetFilmRelease(ctx, ids["film"], &now, owner.ID()) }); err != nil {
		t.Fatal(err)
	}
	return ids["film"]
}

// familySignIn opens a parent's link on a fresh cookie jar and presses the button.
func familySignIn(t *testing.T, in *apptest.Instance, link string) *caller {
	jar, _ := cookiejar.New(nil)
	c := &caller{http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	u, _ := url.Parse(link)
	res, err := c.http.PostForm(in.URL+u.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/family" {
		t.Fatalf("parent sign-in: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	return c
}
