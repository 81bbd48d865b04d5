package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/supervision"
)

func init() {
	rowSources = append(rowSources, supervisionRows)
	worldHooks = append(worldHooks, supervisionWorld)
}

// supervisionWorld makes the supervisor without a case share the owner's
// supervisor and shares the case's recording with them: a material share
// reaches that one recording and nothing else, and gives the supervisor
// with a case share nothing more.
func supervisionWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	sup, adm := supUserByEmail(t, in, "sup2@example.org"), supUserByEmail(t, in, "admin@example.org")
	svc := supervision.New(in.Deps.Recordings, in.Deps.Films)
	supA, admA := accounts.Actor{User: sup}, accounts.Actor{User: adm}
	if err := svc.Link(ctx, admA, sup.ID, owner.ID()); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"mshare", "mshare2", "mshare3"} {
		m, err := svc.Share(ctx, owner, supervision.ShareInput{Kind: domain.MaterialRecording, MaterialID: ids["recording"], SupervisorID: sup.ID})
		if err != nil {
			t.Fatal(err)
		}
		ids[k] = m.ID
	}
	c, err := svc.Comment(ctx, supA, ids["mshare"], supervision.CommentInput{Frame: 2, Body: "Look at this wait"})
	if err != nil {
		t.Fatal(err)
	}
	ids["mcomment"], ids["supNone"], ids["owner"] = c.ID, sup.ID, owner.ID()
}

func supUserByEmail(t *testing.T, in *apptest.Instance, email string) *domain.User {
	t.Helper()
	var u *domain.User
	err := in.Deps.DB.View(context.Background(), func(tx *store.Tx) (err error) {
		u, err = tx.UserByEmail(context.Background(), email)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func supervisionRows(ids map[string]string) []row {
	m, m2 := "/api/v1/supervision/shares/"+ids["mshare"], "/api/v1/supervision/shares/"+ids["mshare2"]
	// Shared material: its trainee and its supervisor; no one else, not even
	// the supervisor who has the whole case shared.
	material := expect{anon: 401, owner: 200, other: 404, supShare: 404, supNone: 200, admin: 403}
	caseStaff := expect{anon: 401, admin: 403, "*": 200}
	staff := expect{anon: 401, "*": 200}
	adminOnly := func(ok int) expect {
		return expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: ok}
	}
	session := fmt.Sprintf(`{"trainee_id":%q,"held_on":"2026-01-05","minutes":60,"mode":"in_person","share_ids":[%q]}`, ids["owner"], ids["mshare"])
	meeting := fmt.Sprintf(`{"trainee_id":%q,"stage":1,"kind":"transition","held_on":"2026-01-06","reviewer":"Dr Out"}`, ids["owner"])
	return append([]row{
		{route: "GET /api/v1/supervision/links", expect: staff},
		{route: "POST /api/v1/supervision/links", body: fmt.Sprintf(`{"supervisor_id":%q,"trainee_id":%q}`, ids["supShare"], ids["colleague"]), expect: adminOnly(204)},
		{route: "DELETE /api/v1/supervision/links/{supervisor}/{trainee}", path: "/api/v1/supervision/links/" + ids["supShare"] + "/" + ids["colleague"],
			expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 204}, order: 1},
		{route: "PUT /api/v1/recordings/{id}/review-video", path: "/api/v1/recordings/" + ids["recording2"] + "/review-video",
			expect: expect{anon: 401, owner: 204, other: 404, supShare: 403, supNone: 403, admin: 403}},
		{route: "GET /api/v1/supervision/shares", expect: caseStaff},
		{route: "POST /api/v1/supervision/shares", body: fmt.Sprintf(`{"kind":"recording","material_id":%q,"supervisor_id":%q}`, ids["recording2"], ids["supNone"]),
			expect: expect{anon: 401, owner: 201, other: 404, supShare: 403, supNone: 403, admin: 403}},
		{route: "GET /api/v1/supervision/shares/{id}", path: m, expect: material},
		{route: "DELETE /api/v1/supervision/shares/{id}", path: m2,
			expect: expect{anon: 401, owner: 204, other: 404, supShare: 404, supNone: 403, admin: 403}, order: 6},
		{route: "GET /api/v1/supervision/shares/{id}/video", path: m + "/video", expect: material},
		{route: "GET /api/v1/supervision/shares/{id}/frames", path: m + "/frames", expect: material},
		{route: "GET /api/v1/supervision/shares/{id}/comments", path: m + "/comments", expect: material},
		{route: "POST /api/v1/supervision/shares/{id}/comments", path: m + "/comments", body: fmt.Sprintf(`{"parent_id":%q,"body":"Thank you"}`, ids["mcomment"]),
			expect: expect{anon: 401, owner: 201, other: 404, supShare: 404, supNone: 201, admin: 403}},
		{route: "PUT /api/v1/supervision/shares/{id}/comments/{comment}/discuss", path: m + "/comments/" + ids["mcomment"] + "/discuss", body: `{"discuss":true}`,
			expect: expect{anon: 401, owner: 403, other: 404, supShare: 404, supNone: 204, admin: 403}},
		{route: "GET /api/v1/supervision/sessions", expect: caseStaff},
		{route: "POST /api/v1/supervision/sessions", body: session,
			expect: expect{anon: 401, owner: 400, other: 400, supShare: 400, supNone: 201, admin: 403}},
		{route: "GET /api/v1/accreditation/stages", expect: staff},
		{route: "PUT /api/v1/accreditation/stages", body: `{"stages":[{"number":1,"name":"Stage 1","cycles":6,"new_families":2,"supervision_hours":7}]}`, expect: adminOnly(200)},
		{route: "GET /api/v1/accreditation/log/{user}", path: "/api/v1/accreditation/log/" + ids["owner"],
			expect: expect{anon: 401, owner: 200, other: 404, supShare: 404, supNone: 200, admin: 200}},
		{route: "POST /api/v1/accreditation/meetings", body: meeting,
			expect: expect{anon: 401, owner: 404, other: 404, supShare: 404, supNone: 201, admin: 403}},
		{route: "PUT /api/v1/accreditation/statement", body: `{"statement":"What I learnt"}`, expect: expect{anon: 401, admin: 403, "*": 204}},
		{route: "GET /api/v1/accreditation/team", expect: expect{anon: 401, owner: 403, other: 403, "*": 200}},
	}, supervisionPages(ids)...)
}

func supervisionPages(ids map[string]string) []row {
	page := expect{anon: 303, owner: 200, other: 404, supShare: 404, supNone: 200, admin: 403}
	logPage := expect{anon: 303, owner: 200, other: 404, supShare: 404, supNone: 200, admin: 200}
	o := ids["owner"]
	return []row{
		{route: "GET /supervision", expect: expect{anon: 303, admin: 403, "*": 200}},
		{route: "POST /supervision/shares", body: "material=recording:" + ids["recording2"] + "&supervisor_id=" + ids["supNone"],
			expect: expect{anon: 401, owner: 303, other: 404, supShare: 403, supNone: 403, admin: 403}},
		{route: "GET /supervision/shares/{id}", path: "/supervision/shares/" + ids["mshare"], expect: page},
		{route: "POST /supervision/shares/{id}/withdraw", path: "/supervision/shares/" + ids["mshare3"] + "/withdraw",
			expect: expect{anon: 401, owner: 303, other: 404, supShare: 404, supNone: 403, admin: 403}, order: 6},
		{route: "POST /supervision/sessions", body: "trainee_id=" + o + "&held_on=2026-01-05&minutes=60&mode=in_person&share_ids=" + ids["mshare"],
			expect: expect{anon: 401, owner: 400, other: 400, supShare: 400, supNone: 303, admin: 403}},
		{route: "GET /supervision/log/{user}", path: "/supervision/log/" + o, expect: logPage},
		{route: "GET /supervision/log/{user}/portfolio.pdf", path: "/supervision/log/" + o + "/portfolio.pdf", expect: logPage},
		{route: "POST /supervision/log/{user}/meetings", path: "/supervision/log/" + o + "/meetings", body: "stage=2&kind=transition&held_on=2026-01-07&reviewer=Dr+Out",
			expect: expect{anon: 401, owner: 404, other: 404, supShare: 404, supNone: 303, admin: 403}},
		{route: "POST /supervision/statement", body: "statement=Learning+to+wait", expect: expect{anon: 401, admin: 403, "*": 303}},
		{route: "GET /supervision/team", expect: expect{anon: 303, owner: 403, other: 403, "*": 200}},
		{route: "GET /admin/supervision", expect: adminGET},
		{route: "POST /admin/supervision/links", body: "supervisor_id=" + ids["supShare"] + "&trainee_id=" + ids["target"], expect: adminPOST},
		{route: "POST /admin/supervision/links/remove", body: "supervisor_id=" + ids["supShare"] + "&trainee_id=" + ids["target"], expect: adminPOST, order: 1},
		{route: "POST /admin/supervision/names", body: "full_names=yes", expect: adminPOST},
		{route: "POST /admin/supervision/stages", body: "s1_name=Stage+1&s1_cycles=6&s1_families=2&s1_hours=7", expect: adminPOST},
	}
}

// Withdrawing the family's consent to supervision ends the material share
// at once: the supervisor's next Range request for the video is refused,
// while the trainee still plays it.
func TestSupervisionConsentWithdrawalStopsPlayback(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	ctx := context.Background()
	tr, _ := in.User(t, "trainee@example.org", domain.RolePractitioner, false)
	sup, _ := in.User(t, "supervisor@example.org", domain.RoleSupervisor, false)
	adm, _ := in.User(t, "lead@example.org", domain.RoleAdmin, false)
	trA := accounts.Actor{User: tr}
	c, err := in.Deps.Cases.Create(ctx, trA, casework.Input{Reference: "SUP-1", Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}}})
	if err != nil {
		t.Fatal(err)
	}
	rec := in.ReadyRecording(t, trA, c.ID)
	in.Consent(t, trA, c.ID, domain.PurposeSupervision)
	svc := supervision.New(in.Deps.Recordings, in.Deps.Films)
	if err := svc.Link(ctx, accounts.Actor{User: adm}, sup.ID, tr.ID); err != nil {
		t.Fatal(err)
	}
	m, err := svc.Share(ctx, trA, supervision.ShareInput{Kind: domain.MaterialRecording, MaterialID: rec.ID, SupervisorID: sup.ID})
	if err != nil {
		t.Fatal(err)
	}
	supToken, trToken := in.Token(t, "supervisor@example.org"), in.Token(t, "trainee@example.org")
	get := func(token, rng string) int {
		req, _ := http.NewRequest("GET", in.URL+"/api/v1/supervision/shares/"+m.ID+"/video", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Range", rng)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	if s := get(supToken, "bytes=0-99"); s != http.StatusPartialContent {
		t.Fatalf("the supervisor's first range: %d, want 206", s)
	}
	var consentID string
	cs, err := in.Deps.Lifecycle.Consents(ctx, trA, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range cs {
		if k.Has(domain.PurposeSupervision) {
			consentID = k.ID
		}
	}
	if _, err := in.Deps.Lifecycle.Withdraw(ctx, trA, consentID); err != nil {
		t.Fatal(err)
	}
	if s := get(supToken, "bytes=100-199"); s != http.StatusNotFound && s != http.StatusForbidden {
		t.Errorf("the supervisor's next range after consent was withdrawn: %d, want 403 or 404", s)
	}
	if s := get(trToken, "bytes=100-199"); s != http.StatusPartialContent {
		t.Errorf("the trainee's own range after the supervision consent was withdrawn: %d, want 206", s)
	}
}
