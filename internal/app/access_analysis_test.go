package app_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

func init() {
	rowSources = append(rowSources, analysisRows)
	worldHooks = append(worldHooks, analysisWorld)
}

// analysisWorld gives the shared recording a frame table, and makes an
// annotation, a clip and a ready still to read, change and delete, and a
// coding scheme for the administrator to edit.
func analysisWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	rec := ids["recording"]
	if _, err := in.Deps.Recordings.StoreFile(ctx, rec, domain.FileFrames, "application/json",
		strings.NewReader(`{"pts_ms":[0.000,40.000,80.000,120.000,160.000,200.000,240.000,280.000,320.000,360.000]}`)); err != nil {
		t.Fatal(err)
	}
	err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordingByID(ctx, rec)
		if err != nil {
			return err
		}
		r.FrameCount = 10
		return tx.UpdateRecording(ctx, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := in.Deps.Analysis
	frame, code := 2, "guiding"
	for _, k := range []string{"annotation", "annotation2"} {
		an, err := svc.CreateAnnotation(ctx, owner, rec, analysis.AnnotationInput{StartFrame: &frame, Code: &code})
		if err != nil {
			t.Fatal(err)
		}
		ids[k] = an.ID
	}
	end := 5
	for _, k := range []string{"clip", "clip2"} {
		c, err := svc.CreateClip(ctx, owner, rec, analysis.ClipInput{StartFrame: &frame, EndFrame: &end})
		if err != nil {
			t.Fatal(err)
		}
		ids[k] = c.ID
	}
	for _, k := range []string{"still", "still2"} {
		ids[k] = readyStill(t, in, owner, rec)
	}
	admin := accounts.Actor{User: &domain.User{ID: "system", Role: domain.RoleAdmin}}
	sc, err := svc.CreateScheme(ctx, admin, "Matrix scheme", []domain.Code{{Code: "a", Label: "A", Colour: "#1f5fa8"}})
	if err != nil {
		t.Fatal(err)
	}
	ids["scheme"] = sc.ID
}

// readyStill adds a still whose PNG is stored, as if its job had run.
func readyStill(t *testing.T, in *apptest.Instance, owner accounts.Actor, rec string) string {
	ctx := context.Background()
	st := &domain.Still{ID: auth.NewID(), RecordingID: rec, Frame: 1, Status: domain.StillReady, Width: 2, Height: 2, CreatedBy: owner.ID()}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2)))
	if _, err := in.Deps.Recordings.StoreFile(ctx, rec, domain.StillFileKind(st.ID), "image/png", &img); err != nil {
		t.Fatal(err)
	}
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateStill(ctx, st) }); err != nil {
		t.Fatal(err)
	}
	return st.ID
}

func analysisRows(ids map[string]string) []row {
	rec, an, an2, cl, cl2, st, st2, sc := ids["recording"], ids["annotation"], ids["annotation2"], ids["clip"], ids["clip2"],
		ids["still"], ids["still2"], ids["scheme"]
	created := expect{anon: 401, owner: 201, other: 404, supShare: 403, supNone: 404, admin: 403}
	deleted := expect{anon: 401, owner: 204, other: 404, supShare: 403, supNone: 404, admin: 403}
	staff := expect{anon: 401, "*": 200}
	adminOnly := func(ok int) expect {
		return expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: ok}
	}
	r := "/api/v1/recordings/" + rec
	return []row{
		{route: "GET /api/v1/schemes", expect: staff},
		{route: "GET /api/v1/schemes/{id}", path: "/api/v1/schemes/default", expect: staff},
		{route: "POST /api/v1/schemes", body: `{"name":"New scheme","codes":[{"code":"b","label":"B","colour":"#1f5fa8"}]}`, expect: adminOnly(201)},
		{route: "PUT /api/v1/schemes/{id}", path: "/api/v1/schemes/" + sc, body: `{"name":"Renamed","codes":[{"code":"a","label":"A","colour":"#1f5fa8"}]}`, expect: adminOnly(200)},
		{route: "POST /api/v1/recordings/{id}/annotations", path: r + "/annotations", body: `{"start_frame":1,"end_frame":3,"code":"guiding"}`, expect: created},
		{route: "GET /api/v1/recordings/{id}/annotations", path: r + "/annotations", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/annotations/changes", path: r + "/annotations/changes?since=0", expect: apiCase},
		{route: "GET /api/v1/annotations/{id}", path: "/api/v1/annotations/" + an, expect: apiCase},
		{route: "PATCH /api/v1/annotations/{id}", path: "/api/v1/annotations/" + an, body: `{"version":1,"note":"seen"}`, expect: apiEdit},
		{route: "DELETE /api/v1/annotations/{id}", path: "/api/v1/annotations/" + an2, expect: deleted, order: 6},
		{route: "GET /api/v1/recordings/{id}/annotations.csv", path: r + "/annotations.csv", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/annotations.vtt", path: r + "/annotations.vtt", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/annotations.eaf", path: r + "/annotations.eaf", expect: apiCase},
		// The matrix sends JSON; an importer is told (415) only once its access is checked.
		{route: "POST /api/v1/recordings/{id}/annotations.csv", path: r + "/annotations.csv", body: "code,start_frame,end_frame\nguiding,1,1\n",
			expect: expect{anon: 401, owner: 415, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "POST /api/v1/recordings/{id}/clips", path: r + "/clips", body: `{"start_frame":1,"end_frame":4,"title":"t"}`, expect: created},
		{route: "GET /api/v1/recordings/{id}/clips", path: r + "/clips", expect: apiCase},
		{route: "GET /api/v1/clips/{id}", path: "/api/v1/clips/" + cl, expect: apiCase},
		{route: "PATCH /api/v1/clips/{id}", path: "/api/v1/clips/" + cl, body: `{"title":"renamed"}`, expect: apiEdit},
		{route: "DELETE /api/v1/clips/{id}", path: "/api/v1/clips/" + cl2, expect: deleted, order: 6},
		{route: "POST /api/v1/recordings/{id}/stills", path: r + "/stills", body: `{"frame":3,"caption":"c"}`, expect: created},
		{route: "GET /api/v1/recordings/{id}/stills", path: r + "/stills", expect: apiCase},
		{route: "GET /api/v1/stills/{id}", path: "/api/v1/stills/" + st, expect: apiCase},
		{route: "GET /api/v1/stills/{id}/image", path: "/api/v1/stills/" + st + "/image", expect: apiCase},
		{route: "DELETE /api/v1/stills/{id}", path: "/api/v1/stills/" + st2, expect: deleted, order: 6},
	}
}
