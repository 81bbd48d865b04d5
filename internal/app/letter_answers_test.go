package app_test

import (
	"context"
	"html"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// The ending page tells the practitioner the letter greets the family
// already, and the letter carries every ending answer saved there, with
// one greeting even when the opening words start with one.
func TestLetterCarriesTheEndingAnswers(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		a, c, cycles, web := caseInCycles(t, in)
		for _, cy := range cycles {
			if _, err := in.Deps.Lifecycle.MoveCycle(ctx, a, cy.ID, lifecycle.CycleChange{Status: domain.CycleCancelled}); err != nil {
				t.Fatal(err)
			}
		}
		if err := in.Deps.Lifecycle.MoveStage(ctx, a, c.ID, domain.StageEnding); err != nil {
			t.Fatal(err)
		}
		page := html.UnescapeString(get(t, web, in.URL+"/cases/"+c.ID+"/ending"))
		if !strings.Contains(page, "The letter starts with “Dear Ann,” for you") {
			t.Error("the ending page doesn't say the letter starts with “Dear Ann,”")
		}
		answers := map[string]string{domain.NoteEndingChild: "He laughs with us 😀", domain.NoteEndingRelationship: "אנחנו משחקים יחד",
			domain.NoteFuture: "Play after school", domain.NoteLetter: "Dear Ann, thank you."}
		for kind, body := range answers {
			if err := in.Deps.Lifecycle.PutNote(ctx, a, c.ID, kind, body); err != nil {
				t.Fatal(err)
			}
		}
		pdf, err := in.Deps.Lifecycle.Letter(ctx, a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Map(func(r rune) rune {
			if r >= 0x202A && r <= 0x202E {
				return -1
			}
			return r
		}, pdfText(t, pdf))
		for _, want := range []string{"Your child now, in your words He laughs with us", "Your relationship now, in your words אנחנו משחקים יחד",
			"Ideas for the future Play after school", "Dear Ann, thank you."} {
			if !strings.Contains(text, want) {
				t.Errorf("the letter doesn't say %q; it reads: %s", want, text)
			}
		}
		if n := strings.Count(text, "Dear Ann"); n != 1 {
			t.Errorf("the letter greets Ann %d times", n)
		}
	})
}
