package app_test

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/store"
)

func init() {
	rowSources = append(rowSources, codingRows)
	worldHooks = append(worldHooks, codingWorld)
}

// codingWorld has the supervisor with a share code the shared recording a
// second time; both codings are done, so both may see the agreement. (The
// blind rule before that is TestBlindDoubleCoding's, in internal/api.)
func codingWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	c, err := in.Deps.Analysis.StartCoding(ctx, owner, ids["recording"], "sup1@example.org")
	if err != nil {
		t.Fatal(err)
	}
	ids["coding"] = c.ID
	var sup accounts.Actor
	if err := in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) { sup.User, err = tx.UserByID(ctx, ids["supShare"]); return err }); err != nil {
		t.Fatal(err)
	}
	for _, who := range []accounts.Actor{sup, owner} {
		if _, err := in.Deps.Analysis.MarkDone(ctx, who, c.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func codingRows(ids map[string]string) []row {
	rec, rec2, cd := ids["recording"], ids["recording2"], ids["coding"]
	ownerOnly := expect{anon: 401, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}
	return []row{
		{route: "POST /api/v1/recordings/{id}/codings", path: "/api/v1/recordings/" + rec2 + "/codings", body: `{"coder_email":"sup1@example.org"}`,
			expect: expect{anon: 401, owner: 201, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "GET /api/v1/recordings/{id}/codings", path: "/api/v1/recordings/" + rec + "/codings", expect: apiCase},
		{route: "GET /api/v1/codings/{id}", path: "/api/v1/codings/" + cd, expect: apiCase},
		{route: "PUT /api/v1/codings/{id}/done", path: "/api/v1/codings/" + cd + "/done", expect: apiCase},
		{route: "PUT /api/v1/codings/{id}/open", path: "/api/v1/codings/" + cd + "/open", expect: ownerOnly},
		{route: "GET /api/v1/recordings/{id}/agreement", path: "/api/v1/recordings/" + rec + "/agreement?b=" + cd, expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/agreement.csv", path: "/api/v1/recordings/" + rec + "/agreement.csv?b=" + cd, expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/agreement.eaf", path: "/api/v1/recordings/" + rec + "/agreement.eaf?b=" + cd, expect: apiCase},
		{route: "POST /api/v1/recordings/{id}/codings/import", path: "/api/v1/recordings/" + rec + "/codings/import?format=boris&coder_name=R2",
			body:   "Behavior,Behavior type,Start (s),Stop (s)\nguiding,POINT,0.1,\n",
			expect: expect{anon: 401, owner: 201, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "POST /recordings/{id}/codings", path: "/recordings/" + ids["uploading"] + "/codings", body: "coder_email=sup1%40example.org",
			expect: expect{anon: 401, owner: 303, other: 404, supShare: 403, supNone: 404, admin: 403}},
		// Without a file: the owner is shown the form again with what to fix.
		{route: "POST /recordings/{id}/codings/import", path: "/recordings/" + rec + "/codings/import", body: "coder_name=R2&format=boris",
			expect: expect{anon: 401, owner: 400, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "POST /codings/{id}/done", path: "/codings/" + cd + "/done", expect: expect{anon: 401, owner: 303, other: 404, supShare: 303, supNone: 404, admin: 403}},
		{route: "POST /codings/{id}/open", path: "/codings/" + cd + "/open", expect: caseEdit},
		{route: "GET /recordings/{id}/agreement", path: "/recordings/" + rec + "/agreement?b=" + cd, expect: caseView},
		// The supervisor of a supervision copy of the film raises a difference
		// in its thread; the trainee is sent back with the reason (threads are
		// the supervisor's to start); anyone else reaches no such copy.
		{route: "POST /recordings/{id}/agreement/comment", path: "/recordings/" + rec + "/agreement/comment",
			body:   "share=" + ids["mshare"] + "&frame=2&body=We+differ+here",
			expect: expect{anon: 401, owner: 303, other: 404, supShare: 404, supNone: 303, admin: 403}},
	}
}
