package processing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/store"
)

// cancelPoll is how often a render looks whether it was cancelled (River's
// own cancel may not reach a worker in another process at once).
const cancelPoll = time.Second

// RenderFilm renders a film: each title card, clip and still becomes a
// segment in one format, then the segments are joined without re-encoding.
// A segment already made from the same thing, in the same format, by the
// same engine, is taken from the film's encrypted cache instead of being
// rendered again, so a re-render after a change (or a retry after a crash)
// renders only what changed. Plaintext lives only in a work folder under
// Scratch, removed when RenderFilm returns (or, after a crash, when the
// process starts again: SweepScratch). Bytes a killed render stored without
// recording them are deleted when the film's render starts again. A film
// deleted or cancelled meanwhile is left alone.
func (p *Processor) RenderFilm(ctx context.Context, filmID string) error {
	f, err := p.startFilm(ctx, filmID)
	if f == nil || err != nil {
		return err
	}
	if err := p.filmFiles().SweepOrphans(ctx, filmID); err != nil { // a killed render's
		slog.WarnContext(ctx, "removing a killed render's unrecorded parts", "film", filmID, "err", err)
	}
	work, err := os.MkdirTemp(p.Scratch, "film-")
	if err != nil {
		return fmt.Errorf("make a work folder under %s (check it exists and is writable): %w", p.Scratch, err)
	}
	defer os.RemoveAll(work)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go p.watchCancel(ctx, cancel, filmID, f.JobID)
	r := &filmRun{p: p, film: f, work: work}
	err = r.render(ctx)
	if errors.Is(context.Cause(ctx), errFilmCancelled) {
		slog.InfoContext(ctx, "film render cancelled", "film", filmID)
		return nil
	}
	var coded *domain.Error
	if errors.As(err, &coded) {
		return p.failFilm(context.WithoutCancel(ctx), filmID, coded.Message)
	}
	return err
}

var errFilmCancelled = errors.New("the render was cancelled")

// startFilm loads a film that waits for its render and marks it rendering;
// nil when there is nothing to do (deleted, cancelled, already done).
func (p *Processor) startFilm(ctx context.Context, id string) (*domain.Film, error) {
	var f *domain.Film
	err := p.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.FilmByID(ctx, id)
		if store.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		if !cur.Busy() {
			return nil
		}
		if err := films.Renderable(ctx, tx, cur); err != nil {
			cur.Status, cur.Progress, cur.Error, cur.JobID = domain.FilmFailed, 0, domain.ErrorMessage(err), 0
			return tx.SetFilmState(ctx, cur)
		}
		cur.Status, cur.Progress, cur.Error = domain.FilmRendering, 0, ""
		f = cur
		return tx.SetFilmState(ctx, cur)
	})
	return f, err
}

// watchCancel ends the render's context when the film leaves "rendering",
// or when a newer render (another job) has taken it over.
func (p *Processor) watchCancel(ctx context.Context, cancel context.CancelCauseFunc, id string, job int64) {
	t := time.NewTicker(cancelPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var status string
		var current int64
		err := p.DB.View(ctx, func(tx *store.Tx) error {
			f, err := tx.FilmByID(ctx, id)
			if store.IsNotFound(err) {
				status = domain.FilmCancelled
				return nil
			} else if err != nil {
				return err
			}
			status, current = f.Status, f.JobID
			return nil
		})
		if err == nil && (status != domain.FilmRendering || current != job) {
			cancel(errFilmCancelled)
			return
		}
	}
}

// failFilm marks a film failed with a message for the guider.
func (p *Processor) failFilm(ctx context.Context, id, msg string) error {
	return p.DB.Update(ctx, func(tx *store.Tx) error {
		f, err := tx.FilmByID(ctx, id)
		if store.IsNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		if f.Status != domain.FilmRendering && f.Status != domain.FilmQueued {
			return nil
		}
		f.Status, f.Progress, f.Error, f.JobID = domain.FilmFailed, 0, msg, 0
		return tx.SetFilmState(ctx, f)
	})
}

// FilmGiveUp marks a film failed after its last render attempt (the cause
// goes to the log).
func (p *Processor) FilmGiveUp(ctx context.Context, filmID string, cause error) {
	err := p.failFilm(ctx, filmID, "We couldn't render this film, after several tries. Try again; if it keeps happening, tell your administrator (the server log has the details).")
	if err != nil {
		slog.ErrorContext(ctx, "marking a film failed", "film", filmID, "err", err, "cause", cause)
	}
}

// filmProgress writes a render's progress at most every progressEvery; a
// film that left "rendering" cancels the render.
func (p *Processor) filmProgress(ctx context.Context, id string) func(float64) {
	var last time.Time
	return func(done float64) {
		if time.Since(last) < progressEvery && done < 1 {
			return
		}
		last = time.Now()
		err := p.DB.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.SetFilmProgress(ctx, id, min(max(done, 0), 1))
			return err
		})
		if err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "film progress not saved", "film", id, "err", err)
		}
	}
}

func (r *filmRun) path(name string) string { return filepath.Join(r.work, name) }
