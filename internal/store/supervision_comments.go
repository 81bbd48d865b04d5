package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// AddFrameComment stores a comment at a frame of shared material, after
// the share's other comments (a reply a moment after is still listed after).
func (tx *Tx) AddFrameComment(ctx context.Context, c *domain.FrameComment) error {
	var err error
	if c.CreatedAt, err = tx.orderedNow(ctx, `SELECT COALESCE(MAX(created_at), 0) FROM frame_comments WHERE share_id = ?`, c.ShareID); err != nil {
		return err
	}
	caseID, err := tx.caseOf(ctx, caseOfShare, c.ShareID)
	if err != nil {
		return err
	}
	body, err := tx.sealCaseText(caseID, fieldComment, c.Body)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO frame_comments (id, share_id, parent_id, frame, body, discuss, author_id, created_at)
		VALUES (?,?,?,?,?,?,?,?)`, c.ID, c.ShareID, c.ParentID, c.Frame, body, boolInt(c.Discuss), c.AuthorID, ms(c.CreatedAt))
	return err
}

// SetCommentDiscuss marks or unmarks a comment's moment for discussion.
func (tx *Tx) SetCommentDiscuss(ctx context.Context, id string, discuss bool) error {
	_, err := tx.exec(ctx, `UPDATE frame_comments SET discuss = ? WHERE id = ?`, boolInt(discuss), id)
	return err
}

const commentCols = `c.id, c.share_id, c.parent_id, c.frame, c.body, c.discuss, c.author_id, u.name, c.created_at
	FROM frame_comments c JOIN users u ON u.id = c.author_id`

// FrameCommentByID finds one comment; ErrNoRows when there is none.
func (tx *Tx) FrameCommentByID(ctx context.Context, id string) (*domain.FrameComment, error) {
	return tx.openComment(scanComment(tx.queryRow(ctx, `SELECT `+commentCols+` WHERE c.id = ?`, id)))
}

// FrameComments lists a share's comments by frame, each thread in the order written.
func (tx *Tx) FrameComments(ctx context.Context, shareID string) ([]*domain.FrameComment, error) {
	rows, err := tx.query(ctx, `SELECT `+commentCols+` WHERE c.share_id = ? ORDER BY c.frame, c.created_at, c.id`, shareID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.FrameComment
	for rows.Next() {
		c, err := tx.openComment(scanComment(rows))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (tx *Tx) openComment(c *domain.FrameComment, err error) (*domain.FrameComment, error) {
	if err != nil {
		return c, err
	}
	return c, tx.openText(fieldComment, &c.Body)
}

func scanComment(r interface{ Scan(...any) error }) (*domain.FrameComment, error) {
	var c domain.FrameComment
	var discuss int
	var at int64
	if err := r.Scan(&c.ID, &c.ShareID, &c.ParentID, &c.Frame, &c.Body, &discuss, &c.AuthorID, &c.AuthorName, &at); err != nil {
		return nil, err
	}
	c.Discuss, c.CreatedAt = discuss != 0, fromMS(at)
	return &c, nil
}
