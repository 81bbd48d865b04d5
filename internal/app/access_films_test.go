package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/store"
)

func init() {
	rowSources = append(rowSources, filmRows)
	worldHooks = append(worldHooks, filmWorld)
}

// filmWorld makes three films on the shared case: one rendered (a small
// stored file stands in for its video), one to delete, and one whose render
// is queued, to cancel.
func filmWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	title := "Our film"
	for _, k := range []string{"film", "film2", "film3", "film4"} {
		f, err := in.Deps.Films.Create(ctx, owner, ids["case"], films.Input{Title: &title,
			Items: &[]films.ItemInput{{Kind: domain.ItemTitle, Text: "Playing together"}}})
		if err != nil {
			t.Fatal(err)
		}
		ids[k], ids[k+"-item"] = f.ID, f.Items[0].ID
	}
	path := filepath.Join(t.TempDir(), "film.mp4")
	if err := os.WriteFile(path, []byte("not really a film, but stored like one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := films.Store(ctx, in.Deps.DB, in.Deps.Keys, in.Deps.Blobs, ids["film"], domain.FilmFileVideo, "", path); err != nil {
		t.Fatal(err)
	}
	setFilmState(t, in, ids["film"], domain.FilmReady, 1)
	setFilmState(t, in, ids["film3"], domain.FilmQueued, 0)
}

func setFilmState(t *testing.T, in *apptest.Instance, id, status string, rendered int) {
	ctx := context.Background()
	err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		f, err := tx.FilmByID(ctx, id)
		if err != nil {
			return err
		}
		f.Status, f.RenderedVersion = status, rendered
		return tx.SetFilmState(ctx, f)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func filmRows(ids map[string]string) []row {
	f, f2, f3 := "/api/v1/films/"+ids["film"], "/api/v1/films/"+ids["film2"], "/api/v1/films/"+ids["film3"]
	created := expect{anon: 401, owner: 201, other: 404, supShare: 403, supNone: 404, admin: 403}
	accepted := expect{anon: 401, owner: 202, other: 404, supShare: 403, supNone: 404, admin: 403}
	deleted := expect{anon: 401, owner: 204, other: 404, supShare: 403, supNone: 404, admin: 403}
	c := "/api/v1/cases/" + ids["case"]
	return []row{
		{route: "POST /api/v1/cases/{id}/films", path: c + "/films", body: `{"title":"New","items":[{"kind":"title","text":"Hello"}]}`, expect: created},
		{route: "GET /api/v1/cases/{id}/films", path: c + "/films", expect: apiCase},
		{route: "GET /api/v1/films/{id}", path: f, expect: apiCase},
		{route: "GET /api/v1/films/{id}/status", path: f + "/status", expect: apiCase},
		{route: "PATCH /api/v1/films/{id}", path: f2, body: `{"title":"Renamed"}`, expect: apiEdit},
		{route: "DELETE /api/v1/films/{id}", path: f2, expect: deleted, order: 6},
		{route: "POST /api/v1/films/{id}/render", path: f2 + "/render", expect: accepted},
		{route: "POST /api/v1/films/{id}/render/cancel", path: f3 + "/render/cancel", expect: apiEdit},
		{route: "GET /api/v1/films/{id}/video", path: f + "/video", expect: apiCase},
		{route: "PUT /api/v1/films/{id}/items/{item}/words", path: f + "/items/" + ids["film-item"] + "/words", body: `{"words":"She is smiling"}`, expect: apiEdit},
		{route: "PUT /api/v1/films/{id}/next-steps", path: f + "/next-steps", body: `{"next_steps":"Wait for her"}`, expect: apiEdit},
		{route: "PUT /api/v1/films/{id}/release", path: f + "/release", body: `{"released":true}`, expect: apiEdit},
		{route: "GET /cases/{id}/films", path: "/cases/" + ids["case"] + "/films", expect: caseView},
		{route: "GET /cases/{id}/films/card", path: "/cases/" + ids["case"] + "/films/card", expect: caseView},
		{route: "POST /cases/{id}/films", path: "/cases/" + ids["case"] + "/films", body: "title=Bath+time", expect: caseEdit},
		{route: "GET /films/{id}", path: "/films/" + ids["film"], expect: caseView},
		{route: "GET /films/{id}/review", path: "/films/" + ids["film"] + "/review", expect: caseView},
		{route: "POST /films/{id}/release", path: "/films/" + ids["film"] + "/release", body: "released=false", expect: caseEdit},
		{route: "POST /films/{id}/delete", path: "/films/" + ids["film4"] + "/delete", expect: caseEdit, order: 6},
		{route: "GET /admin/settings/films", expect: adminGET},
		{route: "POST /admin/settings/films", body: "downloads=on", expect: adminPOST},
	}
}
