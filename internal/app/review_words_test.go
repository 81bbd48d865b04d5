package app_test

import (
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// A caption that ends a sentence is followed by the parent's words, not by
// an added colon ("watching.: He is…"), on the case page and the ending page.
func TestReviewWordsAfterACaptionThatEndsASentence(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		a, c, cycles, web := caseInCycles(t, in)
		items := []films.ItemInput{{Kind: domain.ItemTitle, Text: "What he was watching."}, {Kind: domain.ItemTitle, Text: "Waiting"}}
		title := "Cycle 1"
		f, err := in.Deps.Films.Create(ctx, a, c.ID, films.Input{Title: &title, Items: &items})
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range []string{"He is looking at me.", "I waited."} {
			if _, err := in.Deps.Films.SetWords(ctx, a, f.ID, f.Items[i].ID, w); err != nil {
				t.Fatal(err)
			}
		}
		_, now, err := in.Deps.Lifecycle.Stage(ctx, a, c.ID)
		if err != nil || now[0].Status != domain.CycleReviewed || now[0].StatusSource != domain.StatusReview {
			t.Fatalf("after the parent's words cycle 1 is %+v (%v), want reviewed by the shared review", now[0], err)
		}
		for _, cy := range cycles[1:] {
			if _, err := in.Deps.Lifecycle.MoveCycle(ctx, a, cy.ID, lifecycle.CycleChange{Status: domain.CycleCancelled}); err != nil {
				t.Fatal(err)
			}
		}
		wantWords(t, html.UnescapeString(get(t, web, in.URL+"/cases/"+c.ID)), "the case page")
		if err := in.Deps.Lifecycle.MoveStage(ctx, a, c.ID, domain.StageEnding); err != nil {
			t.Fatal(err)
		}
		wantWords(t, html.UnescapeString(get(t, web, in.URL+"/cases/"+c.ID+"/ending")), "the ending page")
		letter, err := in.Deps.Lifecycle.Letter(ctx, a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantWords(t, pdfText(t, letter), "the closing letter")
	})
}

// pdfText is the text of a PDF as pdftotext reads it, lines joined by spaces.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func wantWords(t *testing.T, page, where string) {
	t.Helper()
	for _, want := range []string{"What he was watching. He is looking at me.", "Waiting: I waited."} {
		if !strings.Contains(page, want) {
			t.Errorf("%s doesn't say %q", where, want)
		}
	}
	if strings.Contains(page, "watching.:") {
		t.Errorf("%s adds a colon after a full stop: watching.:", where)
	}
}
