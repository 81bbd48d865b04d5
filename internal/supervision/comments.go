package supervision

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// CommentInput is a comment at a frame, or a reply to one.
type CommentInput struct {
	Frame    int
	Body     string
	ParentID string
	Discuss  bool
}

// Comment adds a comment at a frame of shared material. The supervisor
// starts threads (and marks moments for discussion); the trainee answers
// in them.
func (s *Service) Comment(ctx context.Context, a accounts.Actor, shareID string, in CommentInput) (*domain.FrameComment, error) {
	in.Body = text(in.Body)
	switch {
	case in.Body == "":
		return nil, domain.FieldError("body", "Write your comment before sending it.")
	case tooLong(in.Body, 4000):
		return nil, domain.FieldError("body", "Keep a comment to 4,000 characters; split a longer thought over two.")
	case in.Frame < 0:
		return nil, domain.FieldError("frame", "A comment belongs to a frame of the video: frame numbers start at 0.")
	}
	c := &domain.FrameComment{ID: auth.NewID(), ShareID: shareID, ParentID: in.ParentID, Frame: in.Frame, Body: in.Body,
		Discuss: in.Discuss, AuthorID: a.ID(), AuthorName: name(a)}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		m, role, err := s.reach(ctx, tx, a, shareID)
		if err != nil {
			return err
		}
		if m.WithdrawnAt != nil {
			return domain.Errorf(domain.ECONFLICT, "This share was withdrawn, so its comments are closed. Share the material again to go on.")
		}
		if err := frameIn(ctx, tx, m, c.Frame); err != nil {
			return err
		}
		if in.ParentID == "" && role != AsSupervisor {
			return domain.FieldError("parent_id", "Answer one of your supervisor's comments: trainees reply in a comment's thread.")
		}
		if in.ParentID != "" {
			p, err := tx.FrameCommentByID(ctx, in.ParentID)
			if store.IsNotFound(err) || (err == nil && (p.ShareID != shareID || p.ParentID != "")) {
				return domain.FieldError("parent_id", "The comment you are answering isn't on this material any more. Reload the page.")
			} else if err != nil {
				return err
			}
			c.Frame, c.Discuss = p.Frame, false
		}
		if err := tx.AddFrameComment(ctx, c); err != nil {
			return err
		}
		return audit(ctx, tx, a, "supervision.comment", "frame_comment", c.ID, m.CaseID, "")
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// MarkDiscuss marks (or unmarks) a comment's moment for discussion; the supervisor only.
func (s *Service) MarkDiscuss(ctx context.Context, a accounts.Actor, shareID, commentID string, discuss bool) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		m, role, err := s.reach(ctx, tx, a, shareID)
		if err != nil {
			return err
		}
		c, err := tx.FrameCommentByID(ctx, commentID)
		if store.IsNotFound(err) || (err == nil && c.ShareID != shareID) {
			return domain.NotFound("comment")
		} else if err != nil {
			return err
		}
		if role != AsSupervisor || c.ParentID != "" {
			return domain.Errorf(domain.EFORBIDDEN, "The supervisor marks moments for discussion, on the first comment of a thread.")
		}
		if err := tx.SetCommentDiscuss(ctx, commentID, discuss); err != nil {
			return err
		}
		return audit(ctx, tx, a, "supervision.comment.discuss", "frame_comment", c.ID, m.CaseID, boolWord(discuss))
	})
}

// Comments lists shared material's comments by frame; the view is audited.
func (s *Service) Comments(ctx context.Context, a accounts.Actor, shareID string) ([]*domain.FrameComment, error) {
	var out []*domain.FrameComment
	var caseID string
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		m, _, err := s.reach(ctx, tx, a, shareID)
		if err != nil {
			return err
		}
		caseID = m.CaseID
		out, err = tx.FrameComments(ctx, shareID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, s.DB.AuditView(ctx, entry(a, "supervision.comments.view", "material_share", shareID, caseID, ""))
}

func name(a accounts.Actor) string {
	if a.User == nil {
		return ""
	}
	return a.User.Name
}

func boolWord(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// frameIn checks a frame lies within a shared recording (a film's frames
// are only known to the player, from its length).
func frameIn(ctx context.Context, tx *store.Tx, m *domain.MaterialShare, frame int) error {
	if m.Kind == domain.MaterialFilm {
		return nil
	}
	r, err := tx.RecordingByID(ctx, m.MaterialID)
	if store.IsNotFound(err) {
		return domain.Errorf(domain.ECONFLICT, "This recording has been erased, so it can't be commented on any more.")
	} else if err != nil {
		return err
	}
	if r.FrameCount > 0 && frame >= r.FrameCount {
		return domain.FieldError("frame", "This recording has frames 0 to %d; choose a frame within it.", r.FrameCount-1)
	}
	return nil
}
