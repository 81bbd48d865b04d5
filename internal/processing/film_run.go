package processing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/jobs"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/media"
	"github.com/attune-vig/attune/internal/store"
)

// FilmEngineVersion is part of every cached segment's key: change it when
// segment rendering changes, so older segments are made again.
const FilmEngineVersion = "1"

// filmRun is one render of a film, in its work folder.
type filmRun struct {
	p      *Processor
	film   *domain.Film
	work   string
	inputs map[string]string // decrypted clip or still by source key
	fontAt string            // the title font, written to the work folder once
	made   int
	reused int
	split  Split // Decrypt: the inputs' (input); Probe: the format's
}

// segmentSpec is everything a segment's picture and sound come from.
type segmentSpec struct {
	Kind    string  `json:"kind"`
	Text    string  `json:"text,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
	Speed   float64 `json:"speed,omitempty"`
	Source  string  `json:"source,omitempty"` // the clip's frames or the still
}

type segmentPlan struct {
	item   domain.FilmItem
	spec   segmentSpec
	weight float64 // seconds of film, for the progress bar
	hash   string
}

// filmFormat is the format a film was last rendered in, with the source of
// the clip it was taken from.
type filmFormat struct {
	Source string           `json:"source"`
	Format media.FilmFormat `json:"format"`
}

func (r *filmRun) render(ctx context.Context) error {
	plans, err := r.plan(ctx)
	if err != nil {
		return err
	}
	r.split.Queue = jobs.Waited(ctx)
	began := time.Now()
	ff, err := r.format(ctx, plans)
	if err != nil {
		return err
	}
	r.split.Probe, began = time.Since(began)-r.split.Decrypt, time.Now()
	bar := newWeightedBar(r.p.filmProgress(ctx, r.film.ID), plans)
	segs := make([]string, len(plans))
	for i := range plans {
		plans[i].hash = segmentHash(plans[i].spec, ff.Format)
		if segs[i], err = r.segment(ctx, i, plans[i], ff.Format, bar.part(i)); err != nil {
			return err
		}
	}
	r.split.Encode, began = time.Since(began), time.Now()
	out := r.path("film.mp4")
	if err := r.p.Media.JoinSegments(ctx, segs, out); err != nil {
		return fmt.Errorf("join the parts of film %s: %w", r.film.ID, err)
	}
	r.split.Join, began = time.Since(began), time.Now()
	if _, err := r.p.filmFiles().Store(ctx, r.film.ID, domain.FilmFileVideo, "", out); err != nil {
		return err
	}
	if err := r.finish(ctx, plans, ff); err != nil {
		return err
	}
	r.split.Store = time.Since(began)
	r.p.observe("film render", r.film.ID, r.split)
	return nil
}

// plan describes each item as a segment.
func (r *filmRun) plan(ctx context.Context) ([]segmentPlan, error) {
	out := make([]segmentPlan, 0, len(r.film.Items))
	err := r.p.DB.View(ctx, func(tx *store.Tx) error {
		for _, it := range r.film.Items {
			pl := segmentPlan{item: it, spec: segmentSpec{Kind: it.Kind, Seconds: it.Seconds, Text: it.Caption}, weight: it.Seconds}
			switch it.Kind {
			case domain.ItemTitle:
				pl.spec.Text = it.Text
			case domain.ItemStill:
				pl.spec.Source = "still " + it.StillID
			case domain.ItemClip:
				c, err := tx.ClipByID(ctx, it.ClipID)
				if err != nil {
					return fmt.Errorf("clip %s of film %s: %w", it.ClipID, r.film.ID, err)
				}
				rec, err := tx.RecordingByID(ctx, c.RecordingID)
				if err != nil {
					return err
				}
				pl.spec.Seconds, pl.spec.Speed = 0, it.Speed
				pl.spec.Source = fmt.Sprintf("clip %s of recording %s, frames %d-%d", c.ID, rec.ID, c.StartFrame, c.EndFrame)
				pl.weight = float64(c.EndFrame-c.StartFrame+1) / max(rec.FPS, 1) / max(it.Speed, 0.25)
			}
			out = append(out, pl)
		}
		return nil
	})
	return out, err
}

// format is the first clip's format (or the default for a film without
// clips). It is probed from the clip's export once, then kept with the film
// while that clip is unchanged, so a re-render need not open it.
func (r *filmRun) format(ctx context.Context, plans []segmentPlan) (filmFormat, error) {
	for _, pl := range plans {
		if pl.item.Kind != domain.ItemClip {
			continue
		}
		var kept filmFormat
		if json.Unmarshal([]byte(r.film.Format), &kept) == nil && kept.Source == pl.spec.Source {
			return kept, nil
		}
		path, err := r.input(ctx, pl)
		if err != nil {
			return filmFormat{}, err
		}
		f, err := r.p.Media.FilmFormatOf(ctx, path)
		if err != nil {
			return filmFormat{}, fmt.Errorf("read the format of clip %s: %w", pl.item.ClipID, err)
		}
		return filmFormat{Source: pl.spec.Source, Format: f}, nil
	}
	return filmFormat{Format: media.DefaultFilmFormat}, nil
}

// segment gives the path of item i's segment: from the cache, or rendered
// now (and cached).
func (r *filmRun) segment(ctx context.Context, i int, pl segmentPlan, f media.FilmFormat, progress func(float64)) (string, error) {
	out := r.path(fmt.Sprintf("seg-%03d.mp4", i))
	var cached *domain.FilmFile
	err := r.p.DB.View(ctx, func(tx *store.Tx) (err error) {
		cached, err = tx.FilmSegment(ctx, r.film.ID, pl.hash)
		return err
	})
	if err == nil {
		if err := films.Decrypt(ctx, r.p.Keys, r.p.Blobs, cached, out); err != nil {
			return "", err
		}
		r.reused++
		progress(1)
		return out, nil
	} else if !store.IsNotFound(err) {
		return "", err
	}
	seg := media.FilmSegment{Kind: pl.item.Kind, Text: pl.spec.Text, Seconds: pl.item.Seconds, Speed: pl.item.Speed}
	if pl.item.Kind != domain.ItemTitle {
		if seg.Path, err = r.input(ctx, pl); err != nil {
			return "", err
		}
	}
	font, err := r.font()
	if err != nil {
		return "", err
	}
	if err := r.p.Media.RenderSegment(ctx, seg, f, font, out, progress); err != nil {
		return "", fmt.Errorf("render item %d of film %s: %w", i+1, r.film.ID, err)
	}
	if _, err := r.p.filmFiles().Store(ctx, r.film.ID, domain.FilmFileSegment, pl.hash, out); err != nil {
		return "", err
	}
	r.made++
	return out, nil
}

// input decrypts a clip's export or a still's PNG into the work folder, once.
func (r *filmRun) input(ctx context.Context, pl segmentPlan) (string, error) {
	if p, ok := r.inputs[pl.spec.Source]; ok {
		return p, nil
	}
	dir, err := os.MkdirTemp(r.work, "in-")
	if err != nil {
		return "", err
	}
	var path string
	began := time.Now()
	defer func() { r.split.Decrypt += time.Since(began) }()
	if pl.item.Kind == domain.ItemClip {
		path, err = r.p.ClipFile(ctx, pl.item.ClipID, dir)
	} else {
		path, err = r.p.StillFile(ctx, pl.item.StillID, dir)
	}
	if err != nil {
		return "", err
	}
	if r.inputs == nil {
		r.inputs = map[string]string{}
	}
	r.inputs[pl.spec.Source] = path
	return path, nil
}

// finish marks the film ready (unless it was cancelled meanwhile) and drops
// cached segments the film no longer uses.
func (r *filmRun) finish(ctx context.Context, plans []segmentPlan, ff filmFormat) error {
	keep := map[string]bool{}
	for _, pl := range plans {
		keep[pl.hash] = true
	}
	format, _ := json.Marshal(ff)
	var drop []*domain.FilmFile
	err := r.p.DB.Update(ctx, func(tx *store.Tx) error {
		f, err := tx.FilmByID(ctx, r.film.ID)
		if err != nil {
			return err
		}
		if f.Status != domain.FilmRendering || f.JobID != r.film.JobID {
			return nil // cancelled, or a newer render took over
		}
		f.Status, f.Progress, f.Error, f.JobID = domain.FilmReady, 1, "", 0
		f.RenderedVersion, f.SegmentsMade, f.SegmentsReused, f.Format = r.film.Version, r.made, r.reused, string(format)
		if err := tx.SetFilmState(ctx, f); err != nil {
			return err
		}
		segs, err := tx.FilmFiles(ctx, f.ID, domain.FilmFileSegment)
		if err != nil {
			return err
		}
		for _, s := range segs {
			if !keep[s.Hash] {
				drop = append(drop, s)
			}
		}
		return r.p.filmFiles().Drop(ctx, tx, drop)
	})
	if err == nil {
		r.p.filmFiles().DeleteBytes(ctx, drop)
	}
	return err
}

// filmFiles stores and erases film files with this processor's shred list.
func (p *Processor) filmFiles() films.Files {
	return films.Files{DB: p.DB, Keys: p.Keys, Blobs: p.Blobs, Shreds: p.Shreds}
}

// segmentHash keys a cached segment: what it shows, the format, the engine.
func segmentHash(spec segmentSpec, f media.FilmFormat) string {
	b, _ := json.Marshal(struct {
		Spec   segmentSpec      `json:"spec"`
		Format media.FilmFormat `json:"format"`
		Engine string           `json:"engine"`
	}{spec, f, FilmEngineVersion})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// weightedBar spreads a render's progress over its segments by their length
// (the join is the last tenth).
type weightedBar struct {
	report func(float64)
	starts []float64
	widths []float64
}

func newWeightedBar(report func(float64), plans []segmentPlan) *weightedBar {
	total := 0.0
	for _, pl := range plans {
		total += max(pl.weight, 0.1)
	}
	b := &weightedBar{report: report}
	at := 0.0
	for _, pl := range plans {
		w := 0.9 * max(pl.weight, 0.1) / total
		b.starts, b.widths = append(b.starts, at), append(b.widths, w)
		at += w
	}
	return b
}

func (b *weightedBar) part(i int) func(float64) {
	return func(done float64) { b.report(b.starts[i] + b.widths[i]*min(max(done, 0), 1)) }
}

// font writes the embedded DejaVu Sans into the work folder, once.
func (r *filmRun) font() (string, error) {
	if r.fontAt != "" {
		return r.fontAt, nil
	}
	path := r.path("DejaVuSans.ttf")
	if err := os.WriteFile(path, lifecycle.FontTTF(), 0o600); err != nil {
		return "", err
	}
	r.fontAt = path
	return path, nil
}
