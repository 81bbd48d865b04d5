package analysis

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ClipInput is what a caller sends; nil fields are not given.
type ClipInput struct {
	StartFrame   *int
	EndFrame     *int
	Title        *string
	Caption      *string
	Codes        *[]string
	GoalID       *string
	WorkingPoint *bool
	Position     *int // a change only: move the clip to this place (from 0)
	Version      *int // a change only, optional: the version it was based on
}

// CreateClip marks a span of frames (both edges inclusive) as a clip, after
// the recording's other clips. Its MP4 is made with film rendering.
func (s *Service) CreateClip(ctx context.Context, a accounts.Actor, recordingID string, in ClipInput) (c *domain.Clip, err error) {
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		c, err = s.CreateClipTx(ctx, tx, a, recordingID, in)
		return err
	})
	return c, err
}

// CreateClipTx is CreateClip inside the caller's transaction.
func (s *Service) CreateClipTx(ctx context.Context, tx *store.Tx, a accounts.Actor, recordingID string, in ClipInput) (*domain.Clip, error) {
	if in.StartFrame == nil || in.EndFrame == nil {
		return nil, domain.FieldError("start_frame", "\"start_frame\" and \"end_frame\" are required: the first and last frame of the clip.")
	}
	c := &domain.Clip{ID: auth.NewID(), RecordingID: recordingID, SchemeID: domain.DefaultSchemeID, Codes: []string{},
		Status: domain.ClipMarked, Version: 1, CreatedBy: a.ID()}
	applyClip(c, in)
	rec, err := readyRecording(ctx, tx, a, recordingID, casework.WantEdit)
	if err != nil {
		return nil, err
	}
	c.SchemeID = rec.SchemeID
	if err := checkClip(ctx, tx, rec, c, nil); err != nil {
		return nil, err
	}
	if c.Position, err = tx.ClipCount(ctx, recordingID); err != nil {
		return nil, err
	}
	if err := tx.CreateClip(ctx, c); err != nil {
		return nil, err
	}
	if err := s.queueExport(ctx, tx, c); err != nil {
		return nil, err
	}
	if err := tx.FollowWork(ctx, rec.CaseID, rec.Cycle, a.ID()); err != nil {
		return nil, err
	}
	return c, audit(ctx, tx, a, "clip.create", "clip", c.ID, rec)
}

// UpdateClip trims, retitles or moves a clip.
func (s *Service) UpdateClip(ctx context.Context, a accounts.Actor, id string, in ClipInput) (*domain.Clip, error) {
	var out *domain.Clip
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, cur, err := s.clipFor(ctx, tx, a, id, casework.WantEdit)
		if err != nil {
			return err
		}
		if in.Version != nil && *in.Version != cur.Version {
			return domain.Errorf(domain.ECONFLICT, "Someone changed this clip since you loaded it (it is now version %d). Reload it and make your change again.", cur.Version)
		}
		c, old, edges := cur, cur.Codes, [2]int{cur.StartFrame, cur.EndFrame}
		applyClip(c, in)
		if err := checkClip(ctx, tx, rec, c, old); err != nil {
			return err
		}
		c.Version++
		if ok, err := tx.UpdateClip(ctx, c); err != nil || !ok {
			return firstErr(err, domain.Errorf(domain.ECONFLICT, "This clip was changed at the same moment. Reload it and try again."))
		}
		if err := s.requeueExport(ctx, tx, c, edges); err != nil {
			return err
		}
		if in.Position != nil {
			if err := move(ctx, tx, c, *in.Position); err != nil {
				return err
			}
		}
		out = c
		return audit(ctx, tx, a, "clip.update", "clip", c.ID, rec)
	})
	return out, err
}

// move puts a clip at position (clamped) and renumbers the others 0..n-1.
func move(ctx context.Context, tx *store.Tx, c *domain.Clip, position int) error {
	all, err := tx.Clips(ctx, c.RecordingID)
	if err != nil {
		return err
	}
	all = slices.DeleteFunc(all, func(o *domain.Clip) bool { return o.ID == c.ID })
	position = min(max(position, 0), len(all))
	all = slices.Insert(all, position, c)
	for i, o := range all {
		if err := tx.SetClipPosition(ctx, o.ID, i); err != nil {
			return err
		}
	}
	c.Position = position
	return nil
}

// DeleteClip removes a clip.
func (s *Service) DeleteClip(ctx context.Context, a accounts.Actor, id string) error {
	var blobKey string // the exported MP4's bytes, unreadable once its key row is gone
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, _, err := s.clipFor(ctx, tx, a, id, casework.WantEdit)
		if err != nil {
			return err
		}
		if used, err := tx.FilmsUsingClip(ctx, id); err != nil || len(used) > 0 {
			return firstErr(err, domain.Errorf(domain.ECONFLICT, "This clip is in the film “%s”. Take it out of the film first, then delete it.", strings.Join(used, "”, “")))
		}
		if err := tx.DeleteClip(ctx, id); err != nil {
			return err
		}
		if blobKey, err = DropClipFile(ctx, tx, rec.ID, id); err != nil {
			return err
		}
		if err := tx.FollowWork(ctx, rec.CaseID, rec.Cycle, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "clip.delete", "clip", id, rec)
	})
	if err == nil {
		s.deleteBlob(ctx, blobKey)
	}
	return err
}

// Clip returns one clip the caller may see.
func (s *Service) Clip(ctx context.Context, a accounts.Actor, id string) (*domain.Clip, error) {
	var c *domain.Clip
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if _, c, err = s.clipFor(ctx, tx, a, id, casework.WantView); err != nil {
			return err
		}
		return attachExports(ctx, tx, c.RecordingID, c)
	})
	return c, err
}

// Clips lists a recording's clips in order.
func (s *Service) Clips(ctx context.Context, a accounts.Actor, recordingID string) ([]*domain.Clip, error) {
	var out []*domain.Clip
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		rec, err := recording(ctx, tx, a, recordingID, casework.WantView)
		if err != nil {
			return err
		}
		if err := blindToMain(ctx, tx, a, rec); err != nil { // a clip's codes would show the main coding
			return err
		}
		if out, err = tx.Clips(ctx, recordingID); err != nil {
			return err
		}
		return attachExports(ctx, tx, recordingID, out...)
	})
	return out, err
}

func (s *Service) clipFor(ctx context.Context, tx *store.Tx, a accounts.Actor, id, want string) (*domain.Recording, *domain.Clip, error) {
	c, err := tx.ClipByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, nil, domain.NotFound("clip")
	} else if err != nil {
		return nil, nil, err
	}
	rec, err := owned(ctx, tx, a, c.RecordingID, want, "clip")
	return rec, c, err
}

func applyClip(c *domain.Clip, in ClipInput) {
	set(&c.StartFrame, in.StartFrame)
	set(&c.EndFrame, in.EndFrame)
	set(&c.Title, in.Title)
	set(&c.Caption, in.Caption)
	set(&c.Codes, in.Codes)
	set(&c.GoalID, in.GoalID)
	set(&c.WorkingPoint, in.WorkingPoint)
}

// checkClip validates a clip; codes it already carried (old) may stay even
// if they have been retired since.
func checkClip(ctx context.Context, tx *store.Tx, rec *domain.Recording, c *domain.Clip, old []string) error {
	c.Title, c.Caption = strings.TrimSpace(c.Title), strings.TrimSpace(c.Caption)
	if err := checkFrames(rec, c.StartFrame, c.EndFrame); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(c.Title); n > MaxTitle {
		return domain.FieldError("title", "The title is %d characters; at most %d fit.", n, MaxTitle)
	}
	if n := utf8.RuneCountInString(c.Caption); n > MaxCaption {
		return domain.FieldError("caption", "The caption is %d characters; at most %d fit.", n, MaxCaption)
	}
	if err := checkGoal(ctx, tx, rec.CaseID, c.GoalID); err != nil {
		return err
	}
	return checkClipCodes(ctx, tx, c, old)
}

func checkClipCodes(ctx context.Context, tx *store.Tx, c *domain.Clip, old []string) error {
	if len(c.Codes) > 20 {
		return domain.FieldError("codes", "A clip can carry at most 20 codes.")
	}
	sc, err := tx.SchemeByID(ctx, c.SchemeID)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, code := range c.Codes {
		if seen[code] {
			return domain.FieldError("codes", "The code %q is listed twice.", code)
		}
		seen[code] = true
		if slices.Contains(old, code) && codeSet(sc, true)[code] {
			continue
		}
		if err := applicable(sc, code); err != nil {
			err.(*domain.Error).Field = "codes"
			return err
		}
	}
	return nil
}
