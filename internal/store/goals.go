package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// CreateGoal inserts a goal. Its time is at least a millisecond after the
// case's last goal, so goals named in the same millisecond (a quick second
// request, an import) keep the order they were named in.
func (tx *Tx) CreateGoal(ctx context.Context, g *domain.Goal) error {
	var err error
	if g.CreatedAt, err = tx.orderedNow(ctx, `SELECT COALESCE(MAX(created_at), 0) FROM goals WHERE case_id = ?`, g.CaseID); err != nil {
		return err
	}
	question, err := tx.sealCaseText(g.CaseID, fieldHelpingQuestion, g.HelpingQuestion)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO goals (id, case_id, helping_question, hoped, status, created_at) VALUES (?,?,?,?,?,?)`,
		g.ID, g.CaseID, question, g.Hoped, g.Status, ms(g.CreatedAt))
	return err
}

// SetGoalStatus opens or closes a goal.
func (tx *Tx) SetGoalStatus(ctx context.Context, id, status string) error {
	_, err := tx.exec(ctx, `UPDATE goals SET status = ? WHERE id = ?`, status, id)
	return err
}

// GoalByID loads a goal without its ratings; ErrNoRows when absent.
func (tx *Tx) GoalByID(ctx context.Context, id string) (*domain.Goal, error) {
	var g domain.Goal
	var created int64
	err := tx.queryRow(ctx, `SELECT id, case_id, helping_question, hoped, status, created_at FROM goals WHERE id = ?`, id).
		Scan(&g.ID, &g.CaseID, &g.HelpingQuestion, &g.Hoped, &g.Status, &created)
	if err != nil {
		return &g, err // callers read the empty goal's case with the error
	}
	g.CreatedAt = fromMS(created)
	return &g, tx.openText(fieldHelpingQuestion, &g.HelpingQuestion)
}

// CountOpenGoals counts a case's open goals.
func (tx *Tx) CountOpenGoals(ctx context.Context, caseID string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM goals WHERE case_id = ? AND status = 'open'`, caseID).Scan(&n)
	return n, err
}

// CaseGoals lists a case's goals, oldest first, each with its ratings over time.
func (tx *Tx) CaseGoals(ctx context.Context, caseID string) ([]*domain.Goal, error) {
	rows, err := tx.query(ctx, `SELECT id, case_id, helping_question, hoped, status, created_at FROM goals
		WHERE case_id = ? ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, err
	}
	var out []*domain.Goal
	byID := map[string]*domain.Goal{}
	for rows.Next() {
		var g domain.Goal
		var created int64
		if err := rows.Scan(&g.ID, &g.CaseID, &g.HelpingQuestion, &g.Hoped, &g.Status, &created); err != nil {
			rows.Close()
			return nil, err
		}
		if err := tx.openText(fieldHelpingQuestion, &g.HelpingQuestion); err != nil {
			rows.Close()
			return nil, err
		}
		g.CreatedAt = fromMS(created)
		out = append(out, &g)
		byID[g.ID] = &g
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.attachRatings(ctx, caseID, byID)
}

func (tx *Tx) attachRatings(ctx context.Context, caseID string, byID map[string]*domain.Goal) error {
	rows, err := tx.query(ctx, `SELECT r.id, r.goal_id, r.value, r.point, r.cycle, r.created_at FROM goal_ratings r
		JOIN goals g ON g.id = r.goal_id WHERE g.case_id = ? ORDER BY r.created_at, r.id`, caseID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r domain.Rating
		var created int64
		if err := rows.Scan(&r.ID, &r.GoalID, &r.Value, &r.Point, &r.Cycle, &created); err != nil {
			return err
		}
		r.CreatedAt = fromMS(created)
		if g := byID[r.GoalID]; g != nil {
			g.Ratings = append(g.Ratings, r)
		}
	}
	return rows.Err()
}

// AddRating records a rating of a goal, after its earlier ratings (the
// latest is the one that counts, even a moment after the one before).
func (tx *Tx) AddRating(ctx context.Context, r *domain.Rating) error {
	var err error
	if r.CreatedAt, err = tx.orderedNow(ctx, `SELECT COALESCE(MAX(created_at), 0) FROM goal_ratings WHERE goal_id = ?`, r.GoalID); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO goal_ratings (id, goal_id, value, point, cycle, created_at) VALUES (?,?,?,?,?,?)`,
		r.ID, r.GoalID, r.Value, r.Point, r.Cycle, ms(r.CreatedAt))
	return err
}
