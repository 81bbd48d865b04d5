package sar

import (
	"context"
	"fmt"
	"sort"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// addRecords adds consents, goals, sessions, cycles and notes.
func (b *Bundle) addRecords(ctx context.Context, tx *store.Tx, caseID string, red redactor) error {
	consents, err := tx.CaseConsents(ctx, caseID)
	if err != nil {
		return err
	}
	for _, c := range consents {
		b.Consents = append(b.Consents, Consent{Purposes: c.Purposes, GivenBy: red.s(c.GivenBy), GivenAt: c.CreatedAt, WithdrawnAt: c.WithdrawnAt})
	}
	goals, err := tx.CaseGoals(ctx, caseID)
	if err != nil {
		return err
	}
	for _, g := range goals {
		out := Goal{HelpingQuestion: red.s(g.HelpingQuestion), Hoped: g.Hoped, Ratings: []Rating{}}
		for _, r := range g.Ratings {
			out.Ratings = append(out.Ratings, Rating{Value: r.Value, Point: r.Point, At: r.CreatedAt})
		}
		b.Goals = append(b.Goals, out)
	}
	sessions, err := tx.CaseSessionsOf(ctx, caseID)
	if err != nil {
		return err
	}
	for _, m := range sessions {
		b.Sessions = append(b.Sessions, Session{Kind: m.Kind, StartsAt: m.StartsAt, Attendance: m.Attendance})
	}
	cycles, err := tx.CaseCycles(ctx, caseID)
	if err != nil {
		return err
	}
	for _, c := range cycles {
		b.Cycles = append(b.Cycles, Cycle{Number: c.Number, ParentWords: red.s(c.ParentWords), NextSteps: red.s(c.NextSteps)})
	}
	notes, err := tx.CaseNotes(ctx, caseID)
	if err != nil {
		return err
	}
	for _, n := range notes {
		b.Notes = append(b.Notes, Note{Kind: n.Kind, Body: red.s(n.Body)})
	}
	sort.Slice(b.Notes, func(i, j int) bool { return b.Notes[i].Kind < b.Notes[j].Kind })
	return nil
}

// addFilms lists the films and their ready stills, whose images go in the zip.
func (b *Bundle) addFilms(ctx context.Context, tx *store.Tx, caseID string, red redactor) error {
	recs, err := tx.CaseRecordings(ctx, caseID)
	if err != nil {
		return err
	}
	for _, r := range recs {
		f := Film{Filename: red.s(r.Filename), RecordedAt: r.CreatedAt, Stills: []Still{}}
		stills, err := tx.Stills(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, st := range stills {
			if st.Status != domain.StillReady {
				continue
			}
			info, err := tx.FileOfKind(ctx, r.ID, domain.StillFileKind(st.ID))
			if store.IsNotFound(err) {
				continue
			} else if err != nil {
				return err
			}
			b.stills = append(b.stills, info)
			f.Stills = append(f.Stills, Still{Frame: st.Frame, Caption: red.s(st.Caption), File: fmt.Sprintf("stills/%03d-frame-%d.png", len(b.stills), st.Frame)})
		}
		b.Films = append(b.Films, f)
	}
	return nil
}
