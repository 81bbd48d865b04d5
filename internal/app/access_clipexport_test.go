package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

func init() {
	rowSources = append(rowSources, clipExportRows)
	worldHooks = append(worldHooks, clipExportWorld)
}

// clipExportWorld makes two clips on the shared recording (whose frame
// table analysisWorld stored): one whose export is ready (a small stored
// file stands in for its MP4) and one whose export is still queued.
func clipExportWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	first, last := 1, 3
	for _, k := range []string{"clip-exported", "clip-queued"} {
		c, err := in.Deps.Analysis.CreateClip(ctx, owner, ids["recording"], analysis.ClipInput{StartFrame: &first, EndFrame: &last})
		if err != nil {
			t.Fatal(err)
		}
		ids[k] = c.ID
	}
	readyExport(t, in, ids["recording"], ids["clip-exported"], first, last)
}

// readyExport stores bytes as a clip's MP4 and marks its export ready, as
// if its job had run.
func readyExport(t *testing.T, in *apptest.Instance, rec, clipID string, first, last int) {
	ctx := context.Background()
	if _, err := in.Deps.Recordings.StoreFile(ctx, rec, domain.ClipFileKind(clipID), "video/mp4",
		strings.NewReader("not really an MP4, but stored like one")); err != nil {
		t.Fatal(err)
	}
	err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.UpdateClipExport(ctx, &domain.ClipExport{ClipID: clipID, Status: domain.ClipExportReady, Progress: 1,
			StartFrame: first, EndFrame: last})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func clipExportRows(ids map[string]string) []row {
	notReady := expect{anon: 401, owner: 409, other: 404, supShare: 409, supNone: 404, admin: 403}
	return []row{
		{route: "GET /api/v1/clips/{id}/video", path: "/api/v1/clips/" + ids["clip-exported"] + "/video", expect: apiCase},
		{route: "GET /api/v1/clips/{id}/video", path: "/api/v1/clips/" + ids["clip-queued"] + "/video", expect: notReady},
	}
}
