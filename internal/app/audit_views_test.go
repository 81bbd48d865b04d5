package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// eachWorld runs fn on the access world on SQLite and on PostgreSQL, with
// every answer audited (no window), so each request can be checked alone.
func eachWorld(t *testing.T, fn func(t *testing.T, in *apptest.Instance, ids map[string]string, who map[string]*caller)) {
	every := func(c *config.Config) { c.AuditViewWindow = 0 }
	t.Run("sqlite", func(t *testing.T) {
		in, ids, who := worldOn(t, "", every)
		fn(t, in, ids, who)
	})
	t.Run("postgres", func(t *testing.T) {
		url, _ := storetest.NewPostgresDatabase(t)
		in, ids, who := worldOn(t, url, every)
		fn(t, in, ids, who)
	})
}

// oddRanges are Range headers that fetch the whole file (or all of it that
// matters) without starting exactly at "bytes=0-".
var oddRanges = []string{"", "bytes=0-", "bytes=-999999999", "bytes= 0-", "bytes=00-", "bytes=1-2,0-", "bytes=5-"}

// TestVideoIsAuditedWhateverTheRange: every answer with a film's bytes, on
// each route that plays one, writes a viewing entry, whatever its Range.
func TestVideoIsAuditedWhateverTheRange(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, in *apptest.Instance, ids map[string]string, who map[string]*caller) {
		videos := []struct{ caller, route, path string }{
			{owner, "GET /api/v1/recordings/{id}/video", "/api/v1/recordings/" + ids["recording"] + "/video"},
			{owner, "GET /api/v1/films/{id}/video", "/api/v1/films/" + ids["film"] + "/video"},
			{owner, "GET /api/v1/clips/{id}/video", "/api/v1/clips/" + ids["clip-exported"] + "/video"},
			{supNone, "GET /api/v1/supervision/shares/{id}/video", "/api/v1/supervision/shares/" + ids["mshare"] + "/video"},
			{famThis, "GET /family/films/{id}/video", "/family/films/" + ids["famFilm"] + "/video"},
		}
		for _, v := range videos {
			for _, rng := range oddRanges {
				head := auditHead(t, in)
				status := who[v.caller].do(t, in.URL, row{route: v.route, path: v.path, rng: rng})
				if status != 200 && status != 206 {
					t.Errorf("%s with Range %q: status %d, want the film", v.route, rng, status)
					continue
				}
				if got := auditSince(t, in, ids["actor:"+v.caller], head); len(got) == 0 {
					t.Errorf("%s with Range %q answered %d and wrote no audit entry", v.route, rng, status)
				}
			}
		}
	})
}

// TestCaseContentViewsAndRefusalsAreAudited: each route that shows a
// family's material writes a viewing entry for the caller allowed to see it,
// and a refused attempt on the same record by another practitioner writes a
// denial entry naming the record. (Shared material is the supervisor's
// without a case share: supervisionWorld shares it with them.)
func TestCaseContentViewsAndRefusalsAreAudited(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, in *apptest.Instance, ids map[string]string, who map[string]*caller) {
		rec, share := "/api/v1/recordings/"+ids["recording"], "/api/v1/supervision/shares/"+ids["mshare"]
		views := []struct{ caller, route, path, id string }{
			{owner, "GET /api/v1/recordings/{id}/annotations/changes", rec + "/annotations/changes?since=0", ids["recording"]},
			{owner, "GET /api/v1/annotations/{id}", "/api/v1/annotations/" + ids["annotation"], ids["annotation"]},
			{owner, "GET /api/v1/clips/{id}", "/api/v1/clips/" + ids["clip"], ids["clip"]},
			{owner, "GET /api/v1/stills/{id}", "/api/v1/stills/" + ids["still"], ids["still"]},
			{owner, "GET /api/v1/recordings/{id}", rec, ids["recording"]},
			{owner, "GET /api/v1/recordings/{id}/poster", rec + "/poster", ids["recording"]},
			{owner, "GET /api/v1/recordings/{id}/storyboard", rec + "/storyboard", ids["recording"]},
			{owner, "GET /api/v1/recordings/{id}/frames", rec + "/frames", ids["recording"]},
			{owner, "GET /api/v1/cases/{id}/recordings", "/api/v1/cases/" + ids["case"] + "/recordings", ids["case"]},
			{supNone, "GET /api/v1/supervision/shares/{id}/frames", share + "/frames", ids["mshare"]},
		}
		for _, v := range views {
			head := auditHead(t, in)
			if status := who[v.caller].do(t, in.URL, row{route: v.route, path: v.path}); status != 200 {
				t.Errorf("%s as %s: status %d, want 200", v.route, v.caller, status)
			} else if es := auditSince(t, in, ids["actor:"+v.caller], head); len(es) == 0 {
				t.Errorf("%s as %s answered 200 and wrote no audit entry", v.route, v.caller)
			} else if es[0].CaseID != ids["case"] {
				t.Errorf("%s as %s: entry %+v does not name the case %s", v.route, v.caller, es[0], ids["case"])
			}
			head = auditHead(t, in)
			if status := who[other].do(t, in.URL, row{route: v.route, path: v.path}); status != 404 {
				t.Errorf("%s as %s: status %d, want 404", v.route, other, status)
			} else if !deniedIn(auditSince(t, in, ids["actor:"+other], head), v.id, ids["case"]) {
				t.Errorf("%s refused to %s and wrote no denial entry for %s naming its case", v.route, other, v.id)
			}
		}
	})
}

// auditHead is the newest entry's sequence number, once the entries still
// queued (PostgreSQL) are sealed into the chain.
func auditHead(t *testing.T, in *apptest.Instance) int64 {
	t.Helper()
	var seq int64
	ctx := context.Background()
	if err := in.Deps.DB.FlushAudit(ctx); err != nil {
		t.Fatal(err)
	}
	err := in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		es, err := tx.AuditEntries(ctx, store.AuditFilter{Limit: 1})
		if len(es) > 0 {
			seq = es[0].Seq
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// auditSince lists the actor's entries after seq ("" for every actor's),
// once the entries still queued (PostgreSQL) are sealed into the chain.
func auditSince(t *testing.T, in *apptest.Instance, actor string, seq int64) []domain.AuditEntry {
	t.Helper()
	var out []domain.AuditEntry
	ctx := context.Background()
	if err := in.Deps.DB.FlushAudit(ctx); err != nil {
		t.Fatal(err)
	}
	f := store.AuditFilter{ActorID: actor, Limit: 1000}
	for {
		var es []domain.AuditEntry
		err := in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) { es, err = tx.AuditEntries(ctx, f); return err })
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Seq <= seq {
				return out
			}
			out = append(out, e)
		}
		if len(es) < f.Limit {
			return out
		}
		f.Before = es[len(es)-1].Seq
	}
}

// deniedOn tells whether entries hold a denial naming the record id.
func deniedOn(es []domain.AuditEntry, id string) bool {
	return deniedIn(es, id, "")
}

// deniedIn tells whether entries hold a denial naming the record id and,
// unless caseID is "", its case.
func deniedIn(es []domain.AuditEntry, id, caseID string) bool {
	for _, e := range es {
		if e.ObjectID == id && (caseID == "" || e.CaseID == caseID) && strings.HasSuffix(e.Action, ".denied") {
			return true
		}
	}
	return false
}
