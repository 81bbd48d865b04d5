package sar

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/store"
)

// EditedFilm is a film made for the family from its clips and stills,
// released to the family or not.
type EditedFilm struct {
	Title      string     `json:"title"`
	Status     string     `json:"status"`
	MadeAt     time.Time  `json:"made_at"`
	ReleasedAt *time.Time `json:"released_at,omitempty"`
	Texts      []string   `json:"texts"`                // title cards and captions, in order
	Words      []string   `json:"parent_words"`         // what the family said about its moments
	NextSteps  string     `json:"next_steps,omitempty"` // what the family wants to try next
	File       string     `json:"file,omitempty"`       // the rendered film in the zip, if there is one
}

// SupervisionShare says that a piece of the family's footage was shown to a
// supervisor (metadata only), with the supervisor's comments on its frames.
type SupervisionShare struct {
	Material    string     `json:"material"`
	Kind        string     `json:"kind"`
	SharedBy    string     `json:"shared_by"`
	SharedWith  string     `json:"shared_with"`
	Note        string     `json:"note,omitempty"`
	At          time.Time  `json:"shared_at"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
	Comments    []Comment  `json:"comments"`
}

// Comment is one comment written at a frame of shared footage.
type Comment struct {
	Frame  int       `json:"frame"`
	Body   string    `json:"body"`
	Author string    `json:"author"`
	At     time.Time `json:"at"`
}

// addEditedFilms lists the case's films; rendered ones go in the zip.
func (b *Bundle) addEditedFilms(ctx context.Context, tx *store.Tx, caseID string, red redactor) error {
	films, err := tx.CaseFilms(ctx, caseID)
	if err != nil {
		return err
	}
	for _, f := range films {
		out := EditedFilm{Title: red.s(f.Title), Status: f.Status, MadeAt: f.CreatedAt, ReleasedAt: f.ReleasedAt,
			NextSteps: red.s(f.NextSteps), Texts: []string{}, Words: []string{}}
		for _, it := range f.Items {
			for _, text := range []string{it.Text, it.Caption} {
				if strings.TrimSpace(text) != "" {
					out.Texts = append(out.Texts, red.s(text))
				}
			}
			if w := strings.TrimSpace(f.Words[it.ID]); w != "" {
				out.Words = append(out.Words, red.s(w))
			}
		}
		video, err := tx.FilmVideo(ctx, f.ID)
		if err != nil && !store.IsNotFound(err) {
			return err
		}
		if video != nil {
			b.films = append(b.films, video)
			out.File = fmt.Sprintf("films/%03d-film.mp4", len(b.films))
		}
		b.EditedFilms = append(b.EditedFilms, out)
	}
	return nil
}

// addShares lists the shares of the family's footage with supervisors and
// the comments made on them.
func (b *Bundle) addShares(ctx context.Context, tx *store.Tx, caseID string, red redactor) error {
	shares, err := tx.CaseMaterialShares(ctx, caseID)
	if err != nil {
		return err
	}
	for _, m := range shares {
		out := SupervisionShare{Material: red.s(m.Title), Kind: m.Kind, SharedBy: m.TraineeName, SharedWith: m.SupervisorName,
			Note: red.s(m.Note), At: m.CreatedAt, ExpiresAt: m.ExpiresAt, WithdrawnAt: m.WithdrawnAt, Comments: []Comment{}}
		comments, err := tx.FrameComments(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, c := range comments {
			out.Comments = append(out.Comments, Comment{Frame: c.Frame, Body: red.s(c.Body), Author: c.AuthorName, At: c.CreatedAt})
		}
		b.Shares = append(b.Shares, out)
	}
	return nil
}
